/**
 * report.html's one stylesheet (inline: the CSP allows inline styles and nothing else). System fonts only, calm
 * slate palette, severity colours that survive greyscale because every badge also carries its word.
 * Print: A4, each chapter on a new page, cards and table rows never split, table headers repeated.
 */
export const REPORT_CSS = `
:root{--ink:#0f172a;--ink2:#334155;--muted:#64748b;--rule:#e2e8f0;--rule2:#cbd5e1;--panel:#f8fafc;--accent:#1e3a5f;
--critical:#7f1d1d;--high:#c2410c;--medium:#b45309;--low:#2563eb;--info:#64748b;
--sans:"Segoe UI",-apple-system,BlinkMacSystemFont,"Helvetica Neue",Arial,"Liberation Sans",sans-serif;
--mono:ui-monospace,"SF Mono",Menlo,Consolas,"Liberation Mono","DejaVu Sans Mono",monospace}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;-webkit-print-color-adjust:exact;print-color-adjust:exact}
body{margin:0;background:#eef1f5;color:var(--ink);font:13.5px/1.5 var(--sans)}
.page{max-width:1080px;margin:24px auto;background:#fff;padding:40px 56px 56px;box-shadow:0 1px 3px rgba(15,23,42,.12)}
a{color:#1d4ed8;text-decoration:none}a:hover{text-decoration:underline}
h1,h2,h3,h4{color:var(--ink);line-height:1.25;margin:0}
h2{font-size:21px;margin:44px 0 14px;padding-bottom:6px;border-bottom:2px solid var(--accent)}
h3{font-size:15.5px;margin:26px 0 8px}
h4{font-size:13.5px;margin:16px 0 6px;color:var(--ink2)}
p{margin:6px 0 10px}
code,.mono{font-family:var(--mono);font-size:12px}
code{background:#f1f5f9;border-radius:3px;padding:0 3px;overflow-wrap:break-word}
.muted{color:var(--muted)}.small{font-size:12px}.nowrap{white-space:nowrap}.num{text-align:right;font-variant-numeric:tabular-nums}
.wrap{overflow-wrap:break-word}
/* Cover */
.cover{border-bottom:1px solid var(--rule);padding-bottom:20px;margin-bottom:8px}
.eyebrow{text-transform:uppercase;letter-spacing:.09em;font-size:11.5px;color:var(--muted);font-weight:600}
.cover h1{font-size:30px;margin:6px 0 6px;overflow-wrap:anywhere}
.cover .lede{color:var(--ink2);max-width:52em;margin:0 0 14px}
.meta{display:grid;grid-template-columns:repeat(3,minmax(0,1fr));gap:0;border:1px solid var(--rule);border-radius:6px;overflow:hidden;margin:0}
.meta div{padding:7px 12px;border-right:1px solid var(--rule);border-bottom:1px solid var(--rule)}
.meta div:nth-child(3n){border-right:0}.meta div:nth-last-child(-n+3){border-bottom:0}
.meta dt{font-size:11px;color:var(--muted);text-transform:uppercase;letter-spacing:.05em}
.meta dd{margin:1px 0 0;font-weight:600;font-size:12.5px;overflow-wrap:anywhere}
.verdict{margin:16px 0 0;padding:10px 14px;border-left:4px solid var(--accent);background:var(--panel);font-size:14px}
.verdict.fail{border-left-color:var(--critical);background:#fef2f2}.verdict.pass{border-left-color:#15803d;background:#f0fdf4}
/* Contents */
nav.toc{margin:22px 0 0;padding:14px 18px;border:1px solid var(--rule);border-radius:6px;background:var(--panel)}
nav.toc .toc-title{font-size:13px;font-weight:700;text-transform:uppercase;letter-spacing:.08em;margin:0 0 6px;color:var(--muted)}
nav.toc ol{margin:0;padding:0;list-style:none;columns:2;column-gap:36px}
nav.toc .tn{display:inline-block;min-width:2.1em;color:var(--muted);font-variant-numeric:tabular-nums}
nav.toc li{margin:2px 0;break-inside:avoid}nav.toc ol ol{columns:1;padding-left:2.1em;font-size:12.5px;margin-bottom:4px}
/* Summary */
.tiles{display:grid;grid-template-columns:repeat(6,minmax(0,1fr));gap:10px;margin:12px 0 18px}
.tile{border:1px solid var(--rule);border-top:4px solid var(--info);border-radius:5px;padding:8px 10px}
.tile .n{font-size:24px;font-weight:700;line-height:1.1;font-variant-numeric:tabular-nums}
.tile .l{font-size:11.5px;color:var(--muted);text-transform:uppercase;letter-spacing:.05em}
.tile.critical{border-top-color:var(--critical)}.tile.high{border-top-color:var(--high)}.tile.medium{border-top-color:var(--medium)}
.tile.low{border-top-color:var(--low)}.tile.tracked{border-top-color:#15803d}
.two{display:grid;grid-template-columns:minmax(0,1.25fr) minmax(0,1fr);gap:28px;align-items:start}
.chart svg{width:100%;height:auto;max-width:600px}
.callout{border:1px solid var(--rule);border-radius:6px;padding:10px 14px;background:var(--panel);margin:10px 0}
.callout .ct{font-weight:700;font-size:13.5px;color:var(--ink2);margin:0 0 4px}
.delta{font-weight:700}.delta.up{color:var(--critical)}.delta.down{color:#15803d}
/* Tables */
table{border-collapse:collapse;width:100%;margin:8px 0 14px;font-size:12.5px}
th,td{text-align:left;vertical-align:top;padding:5px 8px;border-bottom:1px solid var(--rule)}
th{background:#f1f5f9;color:var(--ink2);font-weight:600;font-size:11.5px;text-transform:uppercase;letter-spacing:.04em;border-bottom:1px solid var(--rule2)}
td{overflow-wrap:break-word}
tbody tr:nth-child(even) td{background:#fbfcfd}
table.kv td:first-child{width:24%;color:var(--muted)}
table.top td:first-child{width:2.5em;white-space:nowrap}table.top td:nth-child(2){width:6.5em}table.top td:last-child{width:30%}
table.rules td:first-child{width:7em}table.rules td:nth-child(n+3){width:6em}
thead{display:table-header-group}tr{break-inside:avoid}
/* Badges */
.sev{display:inline-block;min-width:58px;text-align:center;border-radius:3px;padding:1px 6px;font-size:10.5px;font-weight:700;text-transform:uppercase;letter-spacing:.04em;color:#fff;white-space:nowrap}
.sev.critical{background:var(--critical)}.sev.high{background:var(--high)}.sev.medium{background:var(--medium)}.sev.low{background:var(--low)}.sev.info{background:var(--info)}
.tag{display:inline-block;border:1px solid var(--rule2);border-radius:3px;padding:0 5px;font-size:11px;color:var(--ink2);white-space:nowrap;margin:0 3px 2px 0;background:#fff}
.tag.new{border-color:#b91c1c;color:#b91c1c;font-weight:600}.tag.base{border-color:#94a3b8;color:#64748b}
.tag.status{border-color:#15803d;color:#166534;font-weight:600}.tag.expired{border-color:#b45309;color:#92400e;font-weight:600}
.sev.cnt{min-width:28px}
.stride{display:inline-block;width:18px;text-align:center;font-weight:700;font-size:11px;border-radius:3px;background:#e2e8f0;color:var(--ink2)}
/* Figures */
figure{margin:10px 0 16px;border:1px solid var(--rule);border-radius:6px;padding:12px;background:#fff;break-inside:avoid}
figure svg{display:block;max-width:100%;height:auto;margin:0 auto}
figcaption{font-size:12px;color:var(--muted);margin-top:6px}
/* Findings */
.rule{margin:22px 0 8px;break-inside:auto}
h3.group{margin:30px 0 6px;padding:6px 10px;background:var(--panel);border:1px solid var(--rule);border-radius:4px;font-size:14px}
.rule-head{display:flex;gap:10px;align-items:baseline;flex-wrap:wrap;border-bottom:1px solid var(--rule2);padding-bottom:4px}
.rule-head h3{margin:0;font-size:15.5px}
.rule-meta{font-size:12px;color:var(--muted);margin:4px 0 6px}
.rule-text{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:18px;font-size:12.5px;margin:6px 0 8px}
.lbl{margin:0 0 2px;font-size:11.5px;font-weight:700;text-transform:uppercase;letter-spacing:.05em;color:var(--muted)}
.rule-text p{margin:0}
.refs{font-size:12px;margin:2px 0 8px}.refs ul{margin:0;padding-left:18px}.refs li{overflow-wrap:anywhere}
.finding{border:1px solid var(--rule);border-left:4px solid var(--info);border-radius:5px;padding:9px 12px;margin:8px 0;break-inside:avoid;background:#fff}
.finding.critical{border-left-color:var(--critical)}.finding.high{border-left-color:var(--high)}.finding.medium{border-left-color:var(--medium)}.finding.low{border-left-color:var(--low)}
.finding.tracked{background:#fbfdfb}
.finding .msg{font-weight:600;margin:0 0 4px;overflow-wrap:anywhere}
.facts{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:1px 12px;font-size:12px;margin:4px 0}
.facts dt{color:var(--muted)}.facts dd{margin:0;overflow-wrap:anywhere}
.src{margin:6px 0 2px;border:1px solid var(--rule);border-radius:4px;background:#fbfcfd;font:11.5px/1.45 var(--mono);overflow:hidden}
.src .file{padding:3px 8px;border-top:1px solid var(--rule);color:var(--muted);font-family:var(--sans);font-size:11px;background:#f1f5f9;overflow-wrap:anywhere}
.src .ln{display:grid;grid-template-columns:44px minmax(0,1fr)}
.src .no{color:#94a3b8;text-align:right;padding-right:8px;border-right:1px solid var(--rule);user-select:none}
.src .tx{padding-left:8px;white-space:pre-wrap;overflow-wrap:anywhere}
.src .hit{background:#fef3c7}.src .hit .no{color:#92400e;font-weight:700}
.decision{font-size:12px;border-top:1px dashed var(--rule2);margin-top:6px;padding-top:5px}
.note{font-size:12px;color:var(--muted);font-style:italic}
.matrix td,.matrix th{text-align:center}.matrix td:first-child,.matrix th:first-child{text-align:left}
.matrix .hit0{color:#cbd5e1}.matrix .hitn{font-weight:700}
.cols{columns:3;column-gap:24px;font-size:11.5px}.cols div{break-inside:avoid;overflow-wrap:anywhere}
footer{margin-top:40px;padding-top:10px;border-top:1px solid var(--rule);font-size:11.5px;color:var(--muted)}
@media screen and (max-width:820px){.page{padding:20px}.two,.rule-text{grid-template-columns:1fr}.tiles{grid-template-columns:repeat(3,1fr)}.meta{grid-template-columns:1fr 1fr}nav.toc ol{columns:1}}
@page{size:A4;margin:16mm 14mm 18mm}
@media print{
body{background:#fff;font-size:10pt}
.page{max-width:none;margin:0;padding:0;box-shadow:none}
h2{break-before:page;margin-top:0}
h2,h3,h4{break-after:avoid}
.rule-head,.rule-meta{break-after:avoid}
nav.toc{break-inside:avoid}
a{color:inherit}
figure svg{max-height:235mm}
.finding,.callout,figure,.src,tr,.rule-lead{break-inside:avoid}
}
`;
