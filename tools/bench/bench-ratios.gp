# SPDX-License-Identifier: GPL-2.0
#
# bench-ratios.gp: Documentation/images/bench-ratios.png from
# Documentation/bench-history.tsv (tools/bench/bench-record runs it):
# each benchmark's median ratio AF_XINET/AF_INET over time, the rows
# where higher is better above, those where lower is better (memory,
# connect() cost) below; the dashed line is parity.
#
# gnuplot -e "data='Documentation/bench-history.tsv'; out='x.png'" bench-ratios.gp

set terminal pngcairo size 1200,900 font ",10" noenhanced
set output out
set datafile separator "\t"
set xdata time
set timefmt "%Y-%m-%dT%H:%M"
set format x "%m-%d"
set grid
set key outside right top
set yrange [0:*]
# Both panels over the whole history.
t0 = system("grep -v '^#' '" . data . "' | cut -f1 | sort | head -1")
t1 = system("grep -v '^#' '" . data . "' | cut -f1 | sort | tail -1")
set xrange [t0:t1]
set offsets graph 0.02, graph 0.02, 0, 0

# The benchmarks in the file; lower is better for conn_mem and connect_occ_*.
all = system("grep -v '^#' '" . data . "' | cut -f3 | sort -u | tr '\\n' ' '")
lower(b) = (b eq "conn_mem" || b[1:11] eq "connect_occ") ? 1 : 0
up = ""
down = ""
do for [b in all] {
	if (lower(b)) { down = down . b . " " } else { up = up . b . " " }
}

# One benchmark's lines of the file (so that its points are joined).
rows(b) = sprintf("< awk -F'\t' '$3 == \"%s\"' '%s'", b, data)

set multiplot layout 2,1 title "xinet-bench: median ratio AF_XINET / AF_INET (make bench, stock kernel, QEMU TCG)"
set ylabel "ratio (higher is better)"
plot 1 with lines dt 2 lc "black" notitle, \
	for [i = 1:words(up)] rows(word(up, i)) using 1:4 \
	with linespoints lw 1.5 pt (i % 13 + 1) title word(up, i)
set ylabel "ratio (lower is better)"
if (words(down) > 0) {
	plot 1 with lines dt 2 lc "black" notitle, \
		for [i = 1:words(down)] rows(word(down, i)) using 1:4 \
		with linespoints lw 1.5 pt (i % 13 + 1) title word(down, i)
}
unset multiplot

