#!/usr/bin/perl
# Turns the statements one or more sessions logged with `log_min_duration_statement = 0` (PostgreSQL's stderr log,
# log_line_prefix '%m [%p] ') into two psql scripts:
#   REPLAY   every statement in the order it ran, each extended-protocol statement as PREPARE / EXECUTE with the values
#            it was bound to (untyped, so the server infers the parameter types as it did for the client; a DECLARE of
#            a cursor with the values in place, as PREPARE refuses it), so that psql runs exactly the SQL the program
#            ran, without the program;
#   EXPLAIN  EXPLAIN (ANALYZE, BUFFERS) of each distinct SELECT/WITH statement, with the values of its first run and
#            how often it ran.
# Prints one line: "<statements> statements, <distinct> distinct, <ms> ms logged by the server".
#
#   pglog-replay.pl LOG_SLICE REPLAY.sql EXPLAIN.sql
use strict;
use warnings;

my ($log, $replay_file, $explain_file) = @ARGV;
die "usage: pglog-replay.pl LOG_SLICE REPLAY.sql EXPLAIN.sql\n" unless defined $explain_file;

open(my $in, '<', $log) or die "cannot read $log: $!\n";
my @records;
my $current;
while (my $line = <$in>) {
    if ($line =~ /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)? \S+ \[(\d+)\] ([A-Z0-9]+):  (.*)$/s) {
        $current = { pid => $1, level => $2, text => $3 };
        push @records, $current;
    } elsif (defined $current && $line =~ s/^\t//) {
        $current->{text} .= $line;
    } else {
        undef $current;    # a line of another program or a message without our prefix
    }
}
close $in;

my @statements;    # { sql, params (array of literals, or undef for a simple-protocol statement), ms }
for (my $i = 0; $i < @records; $i++) {
    my $r = $records[$i];
    next unless $r->{level} eq 'LOG';
    next unless $r->{text} =~ /^duration: ([0-9.]+) ms  (execute [^:]*|statement): (.*)$/s;
    my ($ms, $kind, $sql) = ($1, $2, $3);
    $sql =~ s/\s+$//;
    my $params;
    if ($kind ne 'statement') {
        $params = [];
        for (my $j = $i + 1; $j < @records && $j <= $i + 3; $j++) {
            next unless $records[$j]{pid} eq $r->{pid};
            last unless $records[$j]{level} eq 'DETAIL';
            if ($records[$j]{text} =~ /^parameters: (.*)$/s) {
                my $text = $1;
                my @values;
                while ($text =~ /\$(\d+) = (NULL|'(?:[^']|'')*')/g) { $values[$1 - 1] = $2; }
                $params = \@values;
            }
            last;
        }
    }
    push @statements, { sql => $sql, params => $params, ms => $ms };
}

open(my $replay, '>', $replay_file) or die "cannot write $replay_file: $!\n";
print $replay "\\set ON_ERROR_STOP 1\n";
my $n = 0;
my (%first, @order, %count, %total);
my $logged = 0;
for my $s (@statements) {
    $n++;
    $logged += $s->{ms};
    my $p = $s->{params};
    if ($p && @$p && $s->{sql} =~ /^\s*declare\b/i) {
        # A cursor (DECLARE … FOR SELECT) cannot be PREPAREd: its values go in as the untyped literals they were bound as.
        (my $sql = $s->{sql}) =~ s/\$(\d+)/$p->[$1 - 1]/g;
        print $replay "$sql;\n";
    } elsif ($p && @$p) {
        print $replay "PREPARE bench_q$n AS $s->{sql};\nEXECUTE bench_q$n(" . join(', ', @$p) . ");\nDEALLOCATE bench_q$n;\n";
    } else {
        print $replay "$s->{sql};\n";
    }
    next unless $s->{sql} =~ /^\s*(select|with)\b/i;
    push @order, $s->{sql} unless exists $first{$s->{sql}};
    $first{$s->{sql}} //= $s;
    $count{$s->{sql}}++;
    $total{$s->{sql}} += $s->{ms};
}
close $replay;

open(my $explain, '>', $explain_file) or die "cannot write $explain_file: $!\n";
print $explain "\\set ON_ERROR_STOP 1\n\\pset pager off\n";
my $k = 0;
for my $sql (@order) {
    $k++;
    my $s = $first{$sql};
    my $p = $s->{params} && @{ $s->{params} } ? $s->{params} : undef;
    my $head = sprintf('---- query %d: ran %d time(s), %.3f ms in all as logged by the server', $k, $count{$sql}, $total{$sql});
    (my $shown = $sql) =~ s/^/-- /mg;
    my $values = $p ? '-- values: ' . join(', ', @$p) : '-- no parameters';
    $values =~ s/\n/ /g;
    # \echo prints its arguments as they are: quote nothing, but keep every line a separate \echo.
    for my $line ($head, split(/\n/, $shown), $values) {
        $line =~ s/\\/\\\\/g;
        $line =~ s/'/''/g;
        print $explain "\\echo '$line'\n";
    }
    if ($p) {
        print $explain "PREPARE bench_e$k AS $sql;\nEXPLAIN (ANALYZE, BUFFERS) EXECUTE bench_e$k(" . join(', ', @$p) . ");\nDEALLOCATE bench_e$k;\n";
    } else {
        print $explain "EXPLAIN (ANALYZE, BUFFERS) $sql;\n";
    }
}
close $explain;
printf "%d statements, %d distinct queries, %.1f ms logged by the server\n", $n, scalar(@order), $logged;
