"""The HTML report on paper: the print stylesheet, so that a browser's "Print to PDF" gives
the page's sections, in the page's order, on A4 (tests/test_report_print.py prints it
with headless Chromium and reads the PDF back).

What it does, and why:
- A4 with margins for a binder's holes and a printer's edge (@page).
- The link row is for screens: hidden. Nothing else moves: every section prints, in order.
- Colours are kept (print-color-adjust: exact): the status badges, the chart bars, the
  figures' bands and the header say as much as the words, and browsers drop backgrounds
  by default.
- Tables are never cut through a row: each row stays whole (break-inside: avoid) and the
  header row repeats on every page (thead as a table-header-group); a title stays with
  what follows it.
- The screen's horizontal scrolling boxes and minimum widths give way to the page width,
  and text wraps in cells instead of running off the paper."""

from __future__ import annotations

PRINT_CSS = """\
@page{size:A4;margin:14mm 12mm 16mm}
@media print{
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
html,body{background:#fff}
body{color:#000;font-size:9.5pt}
header.top{padding:8pt 10pt}
header.top>*{max-width:none}
nav{display:none}
main{max-width:none;padding:8pt 0 0}
section{box-shadow:none;border:0;border-radius:0;padding:0;margin:0 0 12pt;background:none}
h2,h3{break-after:avoid;page-break-after:avoid;break-inside:avoid}
.figures{grid-template-columns:repeat(4,minmax(0,1fr));gap:6pt}
.figure,figure,svg,.legend,.multiple{break-inside:avoid;page-break-inside:avoid}
.figure .value{font-size:1.4rem}
.wrap{overflow:visible}
.chart.wide,.chart.trend{min-width:0;max-width:100%}
table{font-size:8pt;width:100%}
thead{display:table-header-group}
tr,th,td{break-inside:avoid;page-break-inside:avoid}
th,td{white-space:normal;padding:3pt 4pt}
td.free,td.note{min-width:0;max-width:none}
tr:target{outline:none}
a{color:inherit;text-decoration:none}
footer{max-width:none;padding:0}
}
"""
