// Types for the browser libraries that ship none (or not for the entry we use).

declare module '@hotwired/turbo' {
  export const config: {
    drive: { enabled: boolean; progressBarDelay: number }
    forms: { mode: 'on' | 'off' | 'optin' }
  }
  export function visit(location: string, options?: { action?: 'advance' | 'replace' }): void
}

declare module 'hls.js/light' {
  import Hls from 'hls.js'
  export default Hls
}
