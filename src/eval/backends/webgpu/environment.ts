/**
 * The process environment Dawn's OpenGL ES backend needs on a box without a GPU. Kept apart from
 * device.ts so the main process can prepare the environment without loading dawn.node.
 */

/**
 * Sets `EGL_PLATFORM=surfaceless` unless already set: Mesa then opens EGL without a display. It
 * must be in the process environment before any worker or child starts (a worker thread's
 * `process.env` is its own copy, and setting it there does not reach Mesa).
 */
export function prepareSoftwareGlEnvironment(env: NodeJS.ProcessEnv = process.env): void {
  if (!env.EGL_PLATFORM) env.EGL_PLATFORM = 'surfaceless';
}

/** What to install when no adapter is found, for error messages. */
export const MISSING_ADAPTER_HINT =
  'needs a GPU driver, or Mesa\'s EGL/GLES for the software adapter (apt-get install libegl1 libegl-mesa0 libgles2 libgl1-mesa-dri); or run with --backend cpu';
