# bootchart.gp: draw a boot's chart as SVG, from scripts/bootchart.awk's
# tables: the slowest initcalls as bars, every initcall in one row, and the
# milestones as vertical lines, on the host's clock from qemu's start.
#
# usage: gnuplot -c bootchart.gp INITCALLS MILESTONES OFFSET TOP TITLE OUTPUT
# OFFSET is the host's time when the guest's clock read 0, which places
# the initcalls (on the guest's clock) on the host's.

initcalls = ARG1
milestones = ARG2
off = real(ARG3)
top = int(ARG4)

set terminal svg size 1100,640 dynamic font "sans,11" background "#ffffff"
set termoption noenhanced
set output ARG6
set title ARG5
set datafile separator "\t"
set datafile missing "-"

set xlabel "seconds since qemu started (the guest's times placed by its /init line)"
set xrange [0:*]
set yrange [-0.8:top + 0.8]
set grid xtics lc rgb "#dddddd"
set key off
set border 3
set rmargin 10
set xtics nomirror
# The milestones label the top edge: x2 is x.
set link x2
set x2tics ("printk clock 0" off) rotate by 30 left font "sans,10" nomirror scale 0
set ytics nomirror scale 0 ("every initcall" 0)
set style fill solid 0.8 border rgb "#1f4e79"
set arrow from off, graph 0 to off, graph 1 nohead dt 3 lc rgb "#888888"

# The table is slowest first: its first TOP rows, rank 1 on top.
row(r) = top + 1 - r
plot milestones using 3:(-0.8):(0):(top + 1.6):x2tic(1) with vectors nohead dt 2 lw 1.5 lc rgb "#c0392b", \
	initcalls using ($4 + off):(0):($4 + off):($4 + off + $2 / 1e6):(-0.3):(0.3) \
		with boxxyerror lc rgb "#7f9fbf", \
	initcalls every ::0::(top - 1) using ($4 + off):(row($1)):($4 + off):($4 + off + $2 / 1e6): \
		(row($1) - 0.35):(row($1) + 0.35):ytic(sprintf("%s  %.1f ms", strcol(5), $2 / 1000)) \
		with boxxyerror lc rgb "#2e86c1"
