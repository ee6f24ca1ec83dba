// src/core never imports Electron: its tsconfig maps 'electron' to this file, which is not a module,
// so `import … from 'electron'` in the engine core fails to compile (TS2306) instead of quietly
// resolving Electron's own types. Electron belongs to the shell (src/main) and the preload.
