/** Vite bundles imported style sheets; for TypeScript they are side-effect modules. */
declare module '*.css';
