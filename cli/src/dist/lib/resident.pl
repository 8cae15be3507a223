#!/usr/bin/perl
# imgctl's resident client: the launcher (bin/imgctl) hands a command to the resident server, a JVM
# that stays up (io.imgctl.cli.ResidentServer), through a UNIX socket, instead of starting a JVM for
# it. Perl because it starts in a few milliseconds and every Debian has it (perl-base is essential);
# no module is loaded on the way of a command (on Linux not even Socket, which alone costs about 10 ms:
# the socket's constants and address are written out), only POSIX to start the server. Not meant to
# be run by hand:
#
#   resident.pl HOME SOCKET run ARG...       runs an imgctl command line on the server; exits with its
#                                             code, or with 254 when the server does not take it (none
#                                             listens, another build, a command it leaves to a JVM)
#   resident.pl HOME SOCKET resident [start [--idle DURATION] | stop | status | --help] --java-command JAVA...
#
# The wire format is in ResidentFrames.java: frames of a type byte, a 4-byte big-endian length and
# the payload.
use strict;

my $NOT_SERVED = 254;
my ($home, $path, $mode, @args) = @ARGV;

sub installation {
    my @st = stat("$home/lib/imgctl-cli.jar");
    return "$home\n" . (@st ? $st[9] : '?');
}

sub connect_server {
    my ($family, $type, $address);
    if ($^O eq 'linux') {
        # AF_UNIX and SOCK_STREAM, and struct sockaddr_un: the family, then the path (108 bytes).
        ($family, $type, $address) = (1, 1, pack('S Z108', 1, $path));
    } else {
        require Socket;
        ($family, $type, $address) = (Socket::PF_UNIX(), Socket::SOCK_STREAM(), Socket::pack_sockaddr_un($path));
    }
    socket(my $s, $family, $type, 0) or return undef;
    connect($s, $address) or return undef;
    binmode $s;
    return $s;
}

sub frame { return pack('a1 N', $_[0], length $_[1]) . $_[1]; }

sub write_all {
    my ($fh, $data) = @_;
    while (length $data) {
        my $n = syswrite($fh, $data);
        return 0 unless defined $n;
        substr($data, 0, $n, '');
    }
    return 1;
}

sub read_n {
    my ($s, $n) = @_;
    my $buf = '';
    while (length($buf) < $n) {
        my $r = sysread($s, $buf, $n - length($buf), length $buf);
        return undef unless $r;
    }
    return $buf;
}

# Sends a request (R, P or S) with the given arguments; returns the connected socket, or undef when
# no server answers.
sub request {
    my ($action, @argv) = @_;
    my $s = connect_server() or return undef;
    my $req = frame('I', installation()) . frame('T', (-t STDIN && -t STDOUT) ? '1' : '0');
    $req .= frame('E', "$_=$ENV{$_}") for sort keys %ENV;
    $req .= frame('A', $_) for @argv;
    $req .= frame($action, '');
    return write_all($s, $req) ? $s : undef;
}

# Copies the answer's output to stdout and stderr; returns the exit code, or $NOT_SERVED when the
# server does not take the command (F) or closes before it sent anything.
sub answer {
    my ($s) = @_;
    my $wrote = 0;
    while (1) {
        my $head = read_n($s, 5);
        if (!defined $head) {
            return $NOT_SERVED unless $wrote;
            print STDERR "imgctl: the resident server closed the connection before the command ended\n";
            return 1;
        }
        my ($type, $len) = unpack('a1 N', $head);
        my $payload = $len ? read_n($s, $len) : '';
        if (!defined $payload) {
            print STDERR "imgctl: the resident server closed the connection before the command ended\n";
            return 1;
        }
        if ($type eq 'O') {
            write_all(\*STDOUT, $payload);
            $wrote = 1;
        } elsif ($type eq 'E') {
            write_all(\*STDERR, $payload);
            $wrote = 1;
        } elsif ($type eq 'X') {
            return $payload + 0;
        } elsif ($type eq 'F') {
            print STDERR "imgctl: not run by the resident server: $payload\n" if ($ENV{IMGCTL_RESIDENT} // '') eq 'debug';
            return $NOT_SERVED;
        } else {
            print STDERR "imgctl: the resident server sent a frame of unknown type\n";
            return 1;
        }
    }
}

if ($mode eq 'run') {
    my $s = request('R', @args) or exit $NOT_SERVED;
    exit answer($s);
}

# imgctl resident ...
my @java;
for my $i (0 .. $#args) {
    if ($args[$i] eq '--java-command') {
        @java = @args[$i + 1 .. $#args];
        @args = @args[0 .. $i - 1];
        last;
    }
}

my $usage = <<'END';
Usage: imgctl resident start [--idle DURATION] | stop | status

Keeps one imgctl JVM running for this user, so that the commands that only read (images, ps,
inspect, history, layers, df, ref, --version) and rmi answer without starting a JVM each time.
Every other command, and any command while no server runs, starts its own JVM as usual. An rmi
whose client is interrupted (Ctrl-C) starts no further removal, as in a JVM of its own.

  start     start the server in the background (a no-op when one runs)
  stop      stop it
  status    whether one runs: its pid, uptime, commands served and memory

Options of start:
  --idle DURATION   stop after this long without a command: 90s, 30m, 2h, or 0 for never
                    (default 1h)

IMGCTL_RESIDENT=off makes a command start its own JVM even while a server runs.
END

my $action = shift(@args) // '';
if ($action eq '' || $action eq '--help' || $action eq '-h' || $action eq 'help') {
    print $usage;
    exit($action eq '' ? 2 : 0);
}

if ($action eq 'status' || $action eq 'stop') {
    if (@args) {
        print STDERR "Error: 'imgctl resident $action' takes no arguments (see 'imgctl resident --help')\n";
        exit 2;
    }
    my $s = request($action eq 'status' ? 'P' : 'S');
    if (!$s) {
        if ($action eq 'status') {
            print STDERR "no imgctl resident server is running (start one: imgctl resident start)\n";
            exit 1;
        }
        print STDERR "no imgctl resident server was running\n";
        exit 0;
    }
    my $code = answer($s);
    if ($action eq 'stop') {
        # The server removes its socket before it closes; wait for that (at most 5 s).
        for (1 .. 100) {
            last unless -S $path;
            select(undef, undef, undef, 0.05);
        }
    }
    exit $code;
}

if ($action ne 'start') {
    print STDERR "Error: unknown action '$action': expected start, stop or status (see 'imgctl resident --help')\n";
    exit 2;
}

my $idle = 3600;
while (@args) {
    my $opt = shift @args;
    my $value;
    if ($opt eq '--idle') {
        $value = shift @args;
    } elsif ($opt =~ /^--idle=(.*)$/s) {
        $value = $1;
    } else {
        print STDERR "Error: unknown option '$opt' (see 'imgctl resident --help')\n";
        exit 2;
    }
    if (!defined $value || $value !~ /^(\d{1,7})([smh]?)$/ || ($2 eq '' && $1 != 0)) {
        print STDERR "Error: --idle wants a duration such as 90s, 30m, 2h or 0, not '" . ($value // '') . "'\n";
        exit 2;
    }
    $idle = $1 * ($2 eq 'h' ? 3600 : $2 eq 'm' ? 60 : 1);
}
if (!@java) {
    print STDERR "imgctl: resident.pl was not given the Java command (run it through bin/imgctl)\n";
    exit 2;
}

if (my $s = request('P')) {
    my $code = answer($s);
    print STDERR "a resident server already runs (stop it first to change its settings)\n";
    exit $code;
}

require POSIX;
(my $dir = $path) =~ s{/[^/]+$}{};
if (!-d $dir) {
    my $made = '';
    for my $part (grep { length } split m{/}, $dir) {
        $made .= "/$part";
        next if -d $made;
        mkdir($made, 0700) or do { print STDERR "imgctl: cannot create $made: $!\n"; exit 1 };
    }
}
my $log = "$dir/resident.log";
splice(@java, 1, 0, "-Dimgctl.resident.idle=$idle");

my $pid = fork();
if (!defined $pid) {
    print STDERR "imgctl: cannot start the resident server: $!\n";
    exit 1;
}
if ($pid == 0) {
    POSIX::setsid();
    chdir('/');
    umask(077);
    open(STDIN, '<', '/dev/null');
    open(STDOUT, '>>', $log) or POSIX::_exit(126);
    open(STDERR, '>&', \*STDOUT);
    { no warnings 'exec'; exec { $java[0] } @java; }
    POSIX::_exit(127);
}

# Wait until it answers (a status request), at most 30 s; report its end if it exits first.
for (1 .. 600) {
    select(undef, undef, undef, 0.05);
    if (waitpid($pid, POSIX::WNOHANG()) == $pid) {
        my $tail = '';
        if (open(my $fh, '<', $log)) {
            my @lines = <$fh>;
            $tail = join('', grep { defined } @lines[-3 .. -1]);
        }
        print STDERR "imgctl: the resident server exited at once (code " . ($? >> 8) . "); $log says:\n$tail";
        exit 1;
    }
    if (-S $path) {
        if (my $s = request('P')) {
            my $code = answer($s);
            exit $code;
        }
    }
}
print STDERR "imgctl: the resident server (pid $pid) did not answer within 30 s; see $log\n";
exit 1;
