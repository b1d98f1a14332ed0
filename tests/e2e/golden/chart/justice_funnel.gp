# justice_funnel.gp: criminal-justice funnel per programme: persons investigated, prosecuted and convicted
# Written by tip-chart; the data is in justice_funnel.dat (tab-separated,
# blocks of one series each, first line of a block = its names).
# Render by hand with: gnuplot -d justice_funnel.gp
# Text from the data is read from justice_funnel.dat only, never from here.
set encoding utf8
if (!exists("tip_formats")) tip_formats = 'png svg'
if (!exists("tip_png")) tip_png = 'justice_funnel.png'
if (!exists("tip_svg")) tip_svg = 'justice_funnel.svg'
if (!exists("tip_pdf")) tip_pdf = 'justice_funnel.pdf'
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
set label 100 'Criminal-justice response: persons investigated, prosecuted and convicted' at screen 0.5, screen 0.955 center font ',15'
set label 101 '2011  ·  data as of 2012-01-15' at screen 0.5, screen 0.905 center font ',10' textcolor rgb '#444444'
set label 102 'Source: UN.GIFT Joint Programmes, public aggregates. Counts below the disclosure threshold are suppressed to protect victims.' at screen 0.01, screen 0.03 left font ',8' textcolor rgb '#555555'
array tip_col[3]
tip_col[1] = '#8C3A00'
tip_col[2] = '#D55E00'
tip_col[3] = '#F2A66E'
set ylabel 'persons'
set xlabel 'programme'
set yrange [0:*]
set offsets 0, 0, graph 0.12, 0
set xrange [-0.6:5.6]
set xtics scale 0
set boxwidth 0.2453 absolute
set ytics format '%.0f'
plot for [i=0:2] 'justice_funnel.dat' index i using 1:3 with boxes fc rgb tip_col[i+1] title columnheader(3), \
  for [i=0:2] 'justice_funnel.dat' index i using 1:3:(sprintf('%.0f', $3)) with labels center offset 0,0.6 font ',8' notitle, \
  'justice_funnel.dat' index 3 using 1:(NaN):xticlabels(2) notitle, \
  'justice_funnel.dat' index 4 using 1:2:4 with points pt variable ps 1.3 lw 1.5 lc rgb '#555555' notitle, \
  'justice_funnel.dat' index 4 using 1:2:3 with labels rotate by 90 left offset 0,1.2 font ',8' textcolor rgb '#555555' notitle, \
  NaN with points pt 6 ps 1.4 lw 1.5 lc rgb '#555555' title 'suppressed', NaN with points pt 2 ps 1.2 lw 1.5 lc rgb '#555555' title 'no data'
unset output
}
