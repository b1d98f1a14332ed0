# overview.gp: three-P overview: the key indicator of each pillar per quarter and programme
# Written by tip-chart; the data is in overview.dat (tab-separated,
# blocks of one series each, first line of a block = its names).
# Render by hand with: gnuplot -d overview.gp
# Text from the data is read from overview.dat only, never from here.
set encoding utf8
if (!exists("tip_formats")) tip_formats = 'png svg'
if (!exists("tip_png")) tip_png = 'overview.png'
if (!exists("tip_svg")) tip_svg = 'overview.svg'
if (!exists("tip_pdf")) tip_pdf = 'overview.pdf'
array tip_col[6]
tip_col[1] = '#0072B2'
tip_col[2] = '#E69F00'
tip_col[3] = '#009E73'
tip_col[4] = '#CC79A7'
tip_col[5] = '#56B4E9'
tip_col[6] = '#D55E00'
array tip_pt[6]
tip_pt[1] = 7
tip_pt[2] = 5
tip_pt[3] = 9
tip_pt[4] = 13
tip_pt[5] = 11
tip_pt[6] = 15
do for [tip_fmt in tip_formats] {
reset
if (tip_fmt eq 'png') {
  set terminal pngcairo size 1000,600 noenhanced font 'DejaVu Sans,10' linewidth 1.2
  set output tip_png
}
if (tip_fmt eq 'svg') {
  set terminal svg size 1000,600 noenhanced font 'DejaVu Sans,10' background rgb 'white'
  set output tip_svg
}
if (tip_fmt eq 'pdf') {
  set terminal pdfcairo size 10in,6in noenhanced font 'DejaVu Sans,9'
  set output tip_pdf
}
set termoption noenhanced
set datafile separator "\t"
set datafile commentschars ""
set border 3 lc rgb '#555555'
set tics nomirror textcolor rgb '#333333'
set grid ytics lc rgb '#dddddd' lt 1
set style fill solid 0.9 border rgb '#ffffff'
set lmargin at screen 0.09
set rmargin at screen 0.77
set tmargin at screen 0.85
set bmargin at screen 0.17
set key outside right top vertical Left reverse autotitle columnheader samplen 2 spacing 1.3 width 1
set key at screen 0.80, screen 0.85 left top maxrows 20
set label 100 'Three-P overview: key indicator per pillar and quarter' at screen 0.5, screen 0.955 center font ',15'
set label 101 '2010Q1–2011Q4  ·  data as of 2012-01-15' at screen 0.5, screen 0.905 center font ',10' textcolor rgb '#444444'
set label 102 'Source: UN.GIFT Joint Programmes, public aggregates. Counts below the disclosure threshold are suppressed to protect victims.' at screen 0.01, screen 0.03 left font ',8' textcolor rgb '#555555'
set multiplot
set lmargin at screen 0.08
set rmargin at screen 0.39
set tmargin at screen 0.82
set bmargin at screen 0.54
set title 'Prevention: people reached' font ',11' textcolor rgb '#009E73'
set ylabel 'participants'
unset label 103
set xtics font ',8'
set yrange [0:*]
set ytics autofreq
unset label 104
set ytics format '%.0f'
set xtics scale 0.5 ('2010' 0, '' 1, '' 2, '' 3, '2011' 4, '' 5, '' 6, '' 7)
set xrange [-0.5:7.5]
plot for [i=0:5] 'overview.dat' index (0+i) using 1:3 with linespoints lw 2 pt tip_pt[i+1] ps 1.1 lc rgb tip_col[i+1] title columnheader(3), \
  for [i=0:5] 'overview.dat' index (0+i) using ($1+(i-5/2.0)*0.06):4 with points pt 6 ps 1.2 lw 1.5 lc rgb tip_col[i+1] notitle, \
  for [i=0:5] 'overview.dat' index (0+i) using ($1+(i-5/2.0)*0.06):5 with points pt 2 ps 1.0 lw 1.5 lc rgb tip_col[i+1] notitle, \
  NaN with points pt 6 ps 1.4 lw 1.5 lc rgb '#555555' title 'suppressed', NaN with points pt 2 ps 1.2 lw 1.5 lc rgb '#555555' title 'no data'
unset label 100
unset label 101
unset label 102
set lmargin at screen 0.45
set rmargin at screen 0.76
set tmargin at screen 0.82
set bmargin at screen 0.54
set title 'Protection: victims identified' font ',11' textcolor rgb '#0072B2'
set ylabel 'victims'
unset label 103
set xtics font ',8'
set yrange [0:*]
set ytics autofreq
unset label 104
set ytics format '%.0f'
set xtics scale 0.5 ('2010' 0, '' 1, '' 2, '' 3, '2011' 4, '' 5, '' 6, '' 7)
set xrange [-0.5:7.5]
plot for [i=0:5] 'overview.dat' index (6+i) using 1:3 with linespoints lw 2 pt tip_pt[i+1] ps 1.1 lc rgb tip_col[i+1] notitle, \
  for [i=0:5] 'overview.dat' index (6+i) using ($1+(i-5/2.0)*0.06):4 with points pt 6 ps 1.2 lw 1.5 lc rgb tip_col[i+1] notitle, \
  for [i=0:5] 'overview.dat' index (6+i) using ($1+(i-5/2.0)*0.06):5 with points pt 2 ps 1.0 lw 1.5 lc rgb tip_col[i+1] notitle
set lmargin at screen 0.08
set rmargin at screen 0.39
set tmargin at screen 0.43
set bmargin at screen 0.15
set title 'Prosecution: persons convicted' font ',11' textcolor rgb '#D55E00'
set ylabel 'persons'
unset label 103
set xtics font ',8'
set yrange [0:*]
set ytics autofreq
unset label 104
set ytics format '%.0f'
set xtics scale 0.5 ('2010' 0, '' 1, '' 2, '' 3, '2011' 4, '' 5, '' 6, '' 7)
set xrange [-0.5:7.5]
plot for [i=0:5] 'overview.dat' index (12+i) using 1:3 with linespoints lw 2 pt tip_pt[i+1] ps 1.1 lc rgb tip_col[i+1] notitle, \
  for [i=0:5] 'overview.dat' index (12+i) using ($1+(i-5/2.0)*0.06):4 with points pt 6 ps 1.2 lw 1.5 lc rgb tip_col[i+1] notitle, \
  for [i=0:5] 'overview.dat' index (12+i) using ($1+(i-5/2.0)*0.06):5 with points pt 2 ps 1.0 lw 1.5 lc rgb tip_col[i+1] notitle
set lmargin at screen 0.45
set rmargin at screen 0.76
set tmargin at screen 0.43
set bmargin at screen 0.15
set title 'Partnership: coordination events' font ',11' textcolor rgb '#CC79A7'
set ylabel 'events'
unset label 103
set xtics font ',8'
set yrange [0:*]
set ytics autofreq
unset label 104
set ytics format '%.0f'
set xtics scale 0.5 ('2010' 0, '' 1, '' 2, '' 3, '2011' 4, '' 5, '' 6, '' 7)
set xrange [-0.5:7.5]
plot for [i=0:5] 'overview.dat' index (18+i) using 1:3 with linespoints lw 2 pt tip_pt[i+1] ps 1.1 lc rgb tip_col[i+1] notitle, \
  for [i=0:5] 'overview.dat' index (18+i) using ($1+(i-5/2.0)*0.06):4 with points pt 6 ps 1.2 lw 1.5 lc rgb tip_col[i+1] notitle, \
  for [i=0:5] 'overview.dat' index (18+i) using ($1+(i-5/2.0)*0.06):5 with points pt 2 ps 1.0 lw 1.5 lc rgb tip_col[i+1] notitle
unset multiplot
unset output
}
