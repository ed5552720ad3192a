/** Hash routes: #/page/arg (the Pair page takes the pair, e.g. #/pair/BTC%2FUSD). */
export function go(page: string, arg?: string): void {
  location.hash = `#/${page}${arg ? `/${encodeURIComponent(arg)}` : ''}`;
}
