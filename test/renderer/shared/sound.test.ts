import { afterEach, describe, expect, it } from 'vitest'
import { playFeedback, setAudioContextFactory, type AudioContextLike } from '@renderer/shared/sound'

interface Played {
  type: string
  frequency: number
  start: number
  stop: number
  peak: number
}

/** An AudioContext that records each tone: waveform, pitch, when it starts and stops, how loud. */
function fakeAudio(): { ctx: AudioContextLike; played: Played[] } {
  const played: Played[] = []
  const ctx = {
    currentTime: 10,
    state: 'running',
    destination: {},
    resume: async () => undefined,
    createGain() {
      const levels: number[] = []
      const node = {
        gain: {
          setValueAtTime: (v: number) => levels.push(v),
          linearRampToValueAtTime: (v: number) => levels.push(v),
        },
        connect: () => undefined,
        levels,
      }
      return node
    },
    createOscillator() {
      const tone: Partial<Played> & { gainNode?: { levels: number[] } } = {}
      const osc = {
        set type(v: string) {
          tone.type = v
        },
        frequency: { setValueAtTime: (f: number) => (tone.frequency = f) },
        connect: (gain: { levels: number[] }) => (tone.gainNode = gain),
        start: (t: number) => (tone.start = t),
        stop: (t: number) => {
          tone.stop = t
          played.push({ ...(tone as Played), peak: Math.max(...tone.gainNode!.levels) })
        },
      }
      return osc
    },
  }
  return { ctx: ctx as unknown as AudioContextLike, played }
}

const duration = (tones: Played[]) => Math.max(...tones.map((t) => t.stop)) - Math.min(...tones.map((t) => t.start))

describe('counter sounds', () => {
  afterEach(() => setAudioContextFactory(() => null))

  it('success and failure differ in pitch, waveform, length and direction', () => {
    const { ctx, played } = fakeAudio()
    setAudioContextFactory(() => ctx)
    playFeedback('success', { enabled: true, volume: 100 })
    const success = played.splice(0)
    playFeedback('failure', { enabled: true, volume: 100 })
    const failure = played.splice(0)

    expect(success.length).toBeGreaterThan(0)
    expect(failure.length).toBeGreaterThan(0)
    // High and rising vs low and falling.
    expect(Math.min(...success.map((t) => t.frequency))).toBeGreaterThan(3 * Math.max(...failure.map((t) => t.frequency)))
    expect(success.at(-1)!.frequency).toBeGreaterThan(success[0]!.frequency)
    expect(failure.at(-1)!.frequency).toBeLessThan(failure[0]!.frequency)
    // Short vs long; a soft sine vs a harsh square.
    expect(duration(failure)).toBeGreaterThan(2 * duration(success))
    expect(new Set(success.map((t) => t.type))).toEqual(new Set(['sine']))
    expect(new Set(failure.map((t) => t.type))).toEqual(new Set(['square']))
    // Played from the context's now, not from zero.
    expect(success[0]!.start).toBe(10)
  })

  it('follows the volume setting and stays silent when sounds are off or at zero', () => {
    const { ctx, played } = fakeAudio()
    setAudioContextFactory(() => ctx)
    playFeedback('success', { enabled: true, volume: 100 })
    const loud = played.splice(0)[0]!.peak
    playFeedback('success', { enabled: true, volume: 25 })
    expect(played.splice(0)[0]!.peak).toBeCloseTo(loud / 4)
    playFeedback('success', { enabled: false, volume: 100 })
    playFeedback('failure', { enabled: true, volume: 0 })
    expect(played).toEqual([])
  })

  it('never throws where there is no audio', () => {
    setAudioContextFactory(() => {
      throw new Error('no audio device')
    })
    expect(() => playFeedback('failure', { enabled: true, volume: 50 })).not.toThrow()
    setAudioContextFactory(() => null)
    expect(() => playFeedback('success', { enabled: true, volume: 50 })).not.toThrow()
  })
})
