/**
 * The HTML report's stylesheet, inlined into the page: a reading column that fits a 1,280 px
 * screen, tables whose intervals sit under their figures instead of widening the columns, charts
 * on white cards (so they read in dark mode too), and a print layout.
 */
export const REPORT_STYLE = `
:root { color-scheme: light dark; --fg: #1d1d1f; --muted: #555; --bg: #fff; --rule: #e4e4e4; --head: #f6f6f6;
  --code: #f2f2f2; --note-bg: #fffbe8; --note-edge: #e0b000; --link: #0b57d0; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e6e6e6; --muted: #aaa; --bg: #161618; --rule: #333; --head: #222226; --code: #2a2a2e;
    --note-bg: #2b2612; --note-edge: #b08a00; --link: #8ab4f8; }
}
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg);
  margin: 0 auto; max-width: 1240px; padding: 1.5rem 1.25rem 4rem; }
a { color: var(--link); }
h1 { font-size: 1.6rem; margin: 0 0 .3rem; }
h2 { font-size: 1.25rem; margin: 2.2rem 0 .4rem; border-bottom: 1px solid var(--rule); padding-bottom: .2rem; }
h3 { font-size: 1.05rem; margin: 0 0 .5rem; }
pre.env { background: var(--head); padding: .7rem 1rem; font-size: 12px; white-space: pre-wrap; border-radius: 4px; }
ul.headline { font-size: 1.05rem; background: var(--note-bg); border-left: 4px solid var(--note-edge);
  padding: .8rem 1rem .8rem 2.2rem; margin: 1rem 0; }
ul.headline li { margin: .25rem 0; }
nav { display: flex; flex-wrap: wrap; gap: .2rem 1rem; font-size: 13px; margin: .4rem 0; }
nav b { min-width: 3.5rem; }
figure { margin: 2rem 0; }
figure svg { display: block; max-width: 100%; height: auto; background: #fff; border-radius: 6px; padding: 6px; }
figcaption { color: var(--muted); font-size: 13px; max-width: 920px; margin-top: .4rem; }
table { border-collapse: collapse; font-size: 12.5px; margin: .4rem 0 1rem; }
th, td { padding: .25rem .5rem; border-bottom: 1px solid var(--rule); vertical-align: top; }
th { background: var(--head); text-align: left; font-weight: 600; vertical-align: bottom; }
td:first-child { white-space: nowrap; }
.r { text-align: right; font-variant-numeric: tabular-nums; }
td .v { white-space: nowrap; }
td .ci { display: block; white-space: nowrap; color: var(--muted); font-size: .88em; }
td .note { display: block; color: #b22; font-size: .88em; }
.scroll { overflow-x: auto; }
p.caption { margin: .8rem 0 0; font-weight: 600; font-size: 13px; }
code { background: var(--code); padding: 0 .2rem; border-radius: 3px; }
ul.warnings li { margin: .3rem 0; font-size: 13px; }
@media print {
  body { max-width: none; padding: 0; font-size: 11px; color: #000; background: #fff; }
  nav { display: none; }
  figure, table, tr { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  .scroll { overflow: visible; }
  table { font-size: 8.5px; } th, td { padding: .15rem .3rem; }
  figure svg { padding: 0; }
}`;
