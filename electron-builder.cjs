/**
 * PriceLab's installers (electron-builder): Windows NSIS, macOS dmg (hardened runtime, ready to
 * sign and notarize), Linux AppImage and deb. `npm run dist` builds the ones for the machine it
 * runs on; it needs a network connection (electron-builder downloads Electron and the NSIS /
 * AppImage tools) and could not be run where this file was written. test/main/installer-config.test.ts
 * checks it against electron-builder's own schema and checks the security settings below.
 */
module.exports = {
  appId: 'app.pricelab.desktop',
  productName: 'PriceLab',
  directories: { output: 'dist', buildResources: 'packaging' },
  // The built app only (electron-builder adds the production node_modules itself): no sources,
  // no source maps, no benchmark.
  files: ['out/**/*', '!out/main/bench.js', '!**/*.map', 'package.json'],
  asar: true,
  // A native module cannot be loaded from inside the archive. Our JavaScript, the training
  // worker included, stays inside, where asar integrity validation covers it (Electron loads
  // worker_threads scripts from an asar since Electron 19, electron/electron#33216).
  asarUnpack: ['node_modules/better-sqlite3/**/*'],
  // better-sqlite3 rebuilt for the packaged Electron's ABI (and the target's OS and processor).
  npmRebuild: true,
  // Flipped in the packaged Electron binary right before signing.
  electronFuses: {
    runAsNode: false, // ELECTRON_RUN_AS_NODE cannot turn the app into a plain Node
    enableNodeOptionsEnvironmentVariable: false, // NODE_OPTIONS / NODE_EXTRA_CA_CERTS ignored
    enableNodeCliInspectArguments: false, // no --inspect debugger on a user's machine
    enableCookieEncryption: true,
    enableEmbeddedAsarIntegrityValidation: true, // app.asar checked against the hash in the binary
    onlyLoadAppFromAsar: true // no app/ folder beside it is ever loaded instead
    // grantFileProtocolExtraPrivileges stays at Electron's default: the window loads out/renderer from file://.
  },
  fileAssociations: [{ ext: 'pricelab', name: 'PriceLab project', role: 'Editor' }],
  publish: null,
  win: { target: [{ target: 'nsis', arch: ['x64'] }] },
  nsis: {
    oneClick: false,
    perMachine: false, // installs for the current user: no administrator rights needed
    allowToChangeInstallationDirectory: true,
    deleteAppDataOnUninstall: false // projects are the user's documents
  },
  mac: {
    target: [{ target: 'dmg', arch: ['x64', 'arm64'] }],
    category: 'public.app-category.business',
    hardenedRuntime: true,
    gatekeeperAssess: false,
    entitlements: 'packaging/entitlements.mac.plist',
    entitlementsInherit: 'packaging/entitlements.mac.plist'
    // Signing: CSC_LINK / CSC_KEY_PASSWORD (or a Developer ID in the keychain); notarization:
    // APPLE_API_KEY, APPLE_API_KEY_ID, APPLE_API_ISSUER. Without them the dmg is unsigned.
  },
  linux: {
    target: ['AppImage', 'deb'],
    category: 'Office',
    synopsis: 'Offline pricing analysis',
    maintainer: 'PriceLab <pricelab@localhost>'
  }
}
