// electron-builder `afterPack` hook (electron-builder.yml): refuses to make an installer whose
// native modules (keytar) were built for another OS or CPU. electron-builder packs node_modules as
// they are (`npmRebuild: false`: keytar is an N-API module and loads in Electron without a
// rebuild), so each OS's installer must be built on that OS, where `npm ci` installed keytar's
// binary for it. A Windows installer built on Linux would otherwise ship Linux's keytar.node, and
// the app would find no keychain on the shop's PC.
'use strict'
const fs = require('node:fs')
const path = require('node:path')

/** electron-builder's Arch enum (builder-util), by value. */
const ARCH_NAMES = ['ia32', 'x64', 'armv7l', 'arm64', 'universal']

const ELF_MACHINES = { 3: 'ia32', 40: 'armv7l', 62: 'x64', 183: 'arm64' }
const PE_MACHINES = { 0x14c: 'ia32', 0x1c4: 'armv7l', 0x8664: 'x64', 0xaa64: 'arm64' }
const MACHO_CPUS = { 7: 'ia32', 12: 'armv7l', 0x01000007: 'x64', 0x0100000c: 'arm64' }

/**
 * Which OS and CPU(s) a native binary is for, read from its header: ELF (Linux), PE (Windows) or
 * Mach-O, thin or universal (macOS). Undefined for anything else.
 */
function binaryTarget(bytes) {
  if (bytes.length < 64) return undefined
  if (bytes.readUInt32BE(0) === 0x7f454c46) {
    const machine = bytes[5] === 2 ? bytes.readUInt16BE(18) : bytes.readUInt16LE(18)
    return { platform: 'linux', archs: [ELF_MACHINES[machine] ?? `elf-machine-${machine}`] }
  }
  if (bytes.toString('latin1', 0, 2) === 'MZ') {
    const pe = bytes.readUInt32LE(0x3c)
    if (pe + 6 > bytes.length || bytes.readUInt32BE(pe) !== 0x50450000) return undefined
    const machine = bytes.readUInt16LE(pe + 4)
    return { platform: 'win32', archs: [PE_MACHINES[machine] ?? `pe-machine-${machine.toString(16)}`] }
  }
  const magic = bytes.readUInt32LE(0)
  if (magic === 0xfeedfacf || magic === 0xfeedface) {
    const cpu = bytes.readUInt32LE(4)
    return { platform: 'darwin', archs: [MACHO_CPUS[cpu] ?? `macho-cpu-${cpu.toString(16)}`] }
  }
  if (bytes.readUInt32BE(0) === 0xcafebabe) {
    const count = bytes.readUInt32BE(4)
    const archs = []
    for (let i = 0; i < count && 8 + i * 20 + 4 <= bytes.length; i++) {
      const cpu = bytes.readUInt32BE(8 + i * 20)
      archs.push(MACHO_CPUS[cpu] ?? `macho-cpu-${cpu.toString(16)}`)
    }
    return { platform: 'darwin', archs }
  }
  return undefined
}

const OS_NAMES = { win32: 'Windows', darwin: 'macOS', linux: 'Linux' }

/** Every `.node` file below a folder. */
function nativeFilesUnder(dir) {
  if (!fs.existsSync(dir)) return []
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.node'))
    .map((entry) => path.join(entry.parentPath, entry.name))
}

/**
 * What is wrong with the native modules of a packed app: none unpacked from the asar (the OS
 * cannot load a .node from inside it), keytar's missing, or one built for another OS or CPU.
 */
function nativeModuleProblems(resourcesDir, platform, arch) {
  const unpacked = path.join(resourcesDir, 'app.asar.unpacked')
  const files = nativeFilesUnder(unpacked)
  const problems = []
  if (!files.some((file) => file.split(path.sep).join('/').endsWith('node_modules/keytar/build/Release/keytar.node'))) {
    problems.push(`keytar.node is not unpacked from the asar (looked in ${unpacked}); check asarUnpack`)
  }
  const wanted = arch === 'universal' ? ['x64', 'arm64'] : [arch]
  for (const file of files) {
    const target = binaryTarget(fs.readFileSync(file))
    const name = path.relative(unpacked, file)
    if (!target) problems.push(`${name} is not a native binary this check can read`)
    else if (target.platform !== platform || !wanted.every((a) => target.archs.includes(a)))
      problems.push(
        `${name} is built for ${OS_NAMES[target.platform]} ${target.archs.join('+')}, not ${OS_NAMES[platform] ?? platform} ${wanted.join('+')}`,
      )
  }
  return problems
}

async function afterPack(context) {
  const platform = context.electronPlatformName
  const arch = typeof context.arch === 'number' ? ARCH_NAMES[context.arch] : String(context.arch)
  const resourcesDir = context.packager.getResourcesDir(context.appOutDir)
  const problems = nativeModuleProblems(resourcesDir, platform, arch)
  if (problems.length > 0) {
    throw new Error(
      `The ${OS_NAMES[platform] ?? platform} ${arch} app would ship native modules that cannot load there:\n  ${problems.join('\n  ')}\n` +
        `Build each installer on the OS and CPU it is for (there \`npm ci\` installs keytar for it, then \`npm run dist\`); ` +
        `this machine is ${OS_NAMES[process.platform] ?? process.platform} ${process.arch}.`,
    )
  }
}

module.exports = { afterPack, binaryTarget, nativeModuleProblems, ARCH_NAMES }
