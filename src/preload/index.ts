/**
 * The sandboxed preload: exposes the typed api and nothing else.
 *
 * Bundled to one CommonJS file (sandboxed preloads cannot load ES modules). All logic lives
 * in `expose.ts`, which tests load with fakes.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { exposeApi } from './expose';

exposeApi(contextBridge, ipcRenderer);
