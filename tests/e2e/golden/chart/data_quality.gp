# data_quality.gp: data quality: accepted and rejected rows per office (programme and agency), summed over its submissions
# Written by tip-chart; the data is in data_quality.dat (tab-separated,
# blocks of one series each, first line of a block = its names).
# Render by hand with: gnuplot -d data_quality.gp
# Text from the data is read from data_quality.dat only, never from here.
set encoding utf8
if (!exists("tip_formats")) tip_formats = 'png svg'
if (!exists("tip_png")) tip_png = 'data_quality.png'
if (!exists("tip_svg")) tip_svg = 'data_quality.svg'
if (!exists("tip_pdf")) tip_pdf = 'data_quality.pdf'
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
set label 100 'Data quality: rows accepted and rejected per office' at screen 0.5, screen 0.955 center font ',15'
set label 101 '2010Q1–2011Q3  ·  data as of 2012-01-15' at screen 0.5, screen 0.905 center font ',10' textcolor rgb '#444444'
set label 102 'Source: validated/*/report.json of the current submissions. Bar label: share of rows rejected and number of submissions.' at screen 0.01, screen 0.03 left font ',8' textcolor rgb '#555555'
set lmargin at screen 0.20
set rmargin at screen 0.80
set xlabel 'rows (records submitted)'
set xrange [0:1917]
set yrange [-0.6:13.6]
set ytics scale 0 font ',9'
set grid xtics noytics
set border 1
set xtics format '%.0f'
set key at screen 0.82, screen 0.85 left top
plot 'data_quality.dat' index 0 using (($4+$5)/2):1:4:5:($1-0.35):($1+0.35):yticlabels(2) with boxxyerror fc rgb '#009E73' title columnheader(3), \
  'data_quality.dat' index 1 using (($4+$5)/2):1:4:5:($1-0.35):($1+0.35) with boxxyerror fc rgb '#D55E00' title columnheader(3), \
  'data_quality.dat' index 2 using 4:1:3 with labels left offset 0.8,0 font ',8' textcolor rgb '#333333' notitle
unset output
}
