// Text imports (`import sql from './0001_init.sql?raw'`): Vite/Vitest natively, esbuild via main/tools/build.mjs.
declare module '*?raw' {
  const text: string;
  export default text;
}
