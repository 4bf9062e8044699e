/**
 * The counter's two sounds, made with the Web Audio API (no audio files): a short bright rising
 * "ding-ding" for success and a long low falling buzz for failure, so a cashier who is looking at
 * the customer, not the screen, still knows which it was. They differ in pitch (≈1 kHz vs ≈200 Hz),
 * waveform (sine vs square), length (0.2 s vs 0.6 s) and direction (up vs down).
 */
export type FeedbackKind = 'success' | 'failure'

export interface Tone {
  frequency: number
  /** Seconds from the start of the sound. */
  start: number
  duration: number
  type: OscillatorType
}

export const SOUNDS: Record<FeedbackKind, readonly Tone[]> = {
  success: [
    { frequency: 880, start: 0, duration: 0.09, type: 'sine' },
    { frequency: 1320, start: 0.1, duration: 0.1, type: 'sine' },
  ],
  failure: [
    { frequency: 220, start: 0, duration: 0.28, type: 'square' },
    { frequency: 165, start: 0.3, duration: 0.3, type: 'square' },
  ],
}

/** The part of `AudioContext` the sounds use; tests pass a fake that records what was played. */
export type AudioContextLike = Pick<AudioContext, 'currentTime' | 'destination' | 'createOscillator' | 'createGain' | 'state' | 'resume'>

let shared: AudioContextLike | null = null
let factory: () => AudioContextLike | null = () => (typeof AudioContext === 'undefined' ? null : new AudioContext())

/** Tests: where audio contexts come from (and forget the one made before). */
export function setAudioContextFactory(make: () => AudioContextLike | null): void {
  factory = make
  shared = null
}

/**
 * Plays one of the sounds at `volume` (0–100). Never throws: a PC without sound output still
 * shows the big result on screen.
 */
export function playFeedback(kind: FeedbackKind, options: { enabled: boolean; volume: number }): void {
  if (!options.enabled || options.volume <= 0) return
  try {
    shared ??= factory()
    const ctx = shared
    if (!ctx) return
    if (ctx.state === 'suspended') void ctx.resume().catch(() => undefined)
    // Square waves sound far louder than sines at the same gain: the failure buzz is scaled down.
    const peak = (Math.min(100, options.volume) / 100) * (kind === 'failure' ? 0.25 : 0.5)
    const t0 = ctx.currentTime
    for (const tone of SOUNDS[kind]) {
      const osc = ctx.createOscillator()
      const gain = ctx.createGain()
      osc.type = tone.type
      osc.frequency.setValueAtTime(tone.frequency, t0 + tone.start)
      // A few ms of attack and release, so the tones do not click.
      gain.gain.setValueAtTime(0, t0 + tone.start)
      gain.gain.linearRampToValueAtTime(peak, t0 + tone.start + 0.01)
      gain.gain.setValueAtTime(peak, t0 + tone.start + tone.duration - 0.02)
      gain.gain.linearRampToValueAtTime(0, t0 + tone.start + tone.duration)
      osc.connect(gain)
      gain.connect(ctx.destination)
      osc.start(t0 + tone.start)
      osc.stop(t0 + tone.start + tone.duration)
    }
  } catch {
    // No audio device, or the context refused: the screen still says it.
  }
}
