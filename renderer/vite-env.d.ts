// Vite's client types (import.meta.glob, asset imports) for the renderer.
/// <reference types="vite/client" />
