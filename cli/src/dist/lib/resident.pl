#!/usr/bin/perl
# imgctl's resident client: the launcher (bin/imgctl) execs it to run a command on the resident
# server, a JVM that stays up (io.imgctl.cli.ResidentServer), through a UNIX socket, instead of
# starting a JVM for it. Perl because it starts in a few milliseconds and every Debian has it
# (perl-base is essential); no module is loaded on the way of a served command (on Linux not even
# Socket, which alone costs about 10 ms: the socket's constants and address are written out), only
# POSIX to start a server. Not meant to be run by hand:
#
#   resident.pl HOME SOCKET run N JAVA... M SERVER... ARG...
#       runs the imgctl command line ARG... on the server and exits with its code. When the server
#       leaves it to a JVM, or none answers, it execs JAVA... (N words: the command's own JVM, which
#       keeps this process's pid, so signals reach it as they reached this client); when none answered,
#       or the one that did runs another installation, it first starts a server in the background
#       with SERVER... (M words), which waits for the command's JVM to end (at most 10 s) before it starts.
#   resident.pl HOME SOCKET resident M SERVER... [start [--idle DURATION] | stop | status | --help]
#
# The wire format is in ResidentFrames.java (and docs/resident.md): frames of a type byte, a 4-byte
# big-endian length and the payload.
use strict;

# A server or a reader that went away is an answer to handle, not a reason to die.
$SIG{PIPE} = 'IGNORE';

my ($home, $path, $mode, @args) = @ARGV;
(my $dir = $path) =~ s{/[^/]+$}{};

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

# What became of a request: ('X', code) when the server ran it; ('F', reason) when it left it to a JVM;
# ('-', undef) when the server closed before it sent anything. Output goes to stdout and stderr as it
# comes; output that cannot be written (a reader that went away, as with `| head`) is dropped, as a
# JVM's PrintStream drops it, and the command's own exit code is still the answer.
sub answer {
    my ($s) = @_;
    my ($wrote, $out_ok, $err_ok) = (0, 1, 1);
    while (1) {
        my $head = read_n($s, 5);
        my ($type, $len) = defined $head ? unpack('a1 N', $head) : ('', 0);
        my $payload = defined $head && $len ? read_n($s, $len) : '';
        if (!defined $head || !defined $payload) {
            return ('-', undef) unless $wrote;
            print STDERR "imgctl: the resident server closed the connection before the command ended\n";
            return ('X', 1);
        }
        if ($type eq 'O') {
            $out_ok = write_all(\*STDOUT, $payload) if $out_ok;
            $wrote = 1;
        } elsif ($type eq 'E') {
            $err_ok = write_all(\*STDERR, $payload) if $err_ok;
            $wrote = 1;
        } elsif ($type eq 'X') {
            return ('X', $payload + 0);
        } elsif ($type eq 'F') {
            return ('F', $payload);
        } else {
            print STDERR "imgctl: the resident server sent a frame of unknown type\n";
            return ('X', 1);
        }
    }
}

# The lock that says a server is starting or running: whoever starts one takes it, and the server
# inherits it (its descriptor number is above $^F, so it survives the exec) and holds it for its
# life. Returns the handle, or undef when the state directory cannot be made or written.
sub lock_file {
    if (!-d $dir) {
        my $made = '';
        for my $part (grep { length } split m{/}, $dir) {
            $made .= "/$part";
            next if -d $made;
            mkdir($made, 0700) or return undef;
        }
    }
    local $^F = 1023;
    my $umask = umask(077);
    my $opened = open(my $lock, '>>', "$dir/resident.lock");
    umask($umask);
    return $opened ? $lock : undef;
}

my ($LOCK_EX, $LOCK_NB) = (2, 4);

# Starts a server with @server and returns its pid; undef when one is starting or running already
# (the lock is taken). With $replace, the server that answers (another installation's) is asked to
# stop first. With $after, the server's JVM waits for that pid to end (at most 10 s) before it starts: a
# command as long as Podman's listing of hundreds of images then runs alone; a longer one (a container's
# output, a pull) does not keep the next commands from being served.
sub start_server {
    my ($idle, $replace, $after, @server) = @_;
    my $lock = lock_file() or return (undef, "cannot write $dir");
    if ($replace) {
        if (my $s = request('S')) {
            answer_quietly($s);
        }
        for (1 .. 100) {
            last if flock($lock, $LOCK_EX | $LOCK_NB);
            select(undef, undef, undef, 0.05);
        }
    }
    return (undef, 'starting') unless flock($lock, $LOCK_EX | $LOCK_NB);
    # A server that does not hold the lock (started by an older imgctl) is left be.
    if (!$replace && (my $s = request('P'))) {
        close($s);
        return (undef, 'running');
    }
    require POSIX;
    my $pid = fork();
    return (undef, "cannot start the resident server: $!") unless defined $pid;
    if ($pid == 0) {
        POSIX::setsid();
        chdir('/');
        umask(077);
        open(STDIN, '<', '/dev/null');
        if ($after) {
            for (1 .. 500) {
                last unless kill(0, $after);
                select(undef, undef, undef, 0.02);
            }
        }
        open(STDOUT, '>>', "$dir/resident.log") or POSIX::_exit(126);
        open(STDERR, '>&', \*STDOUT);
        splice(@server, 1, 0, "-Dimgctl.resident.idle=$idle");
        { no warnings 'exec'; exec { $server[0] } @server; }
        POSIX::_exit(127);
    }
    close($lock);
    return ($pid, '');
}

# Reads an answer to its end, printing nothing.
sub answer_quietly {
    my ($s) = @_;
    while (my $head = read_n($s, 5)) {
        my ($type, $len) = unpack('a1 N', $head);
        last unless !$len || defined read_n($s, $len);
        last if $type eq 'X' || $type eq 'F';
    }
}

# Takes N words off @args.
sub words {
    my $n = shift @args;
    die "resident.pl: run it through bin/imgctl\n" unless defined $n && $n =~ /^\d+$/ && $n <= @args;
    return splice(@args, 0, $n);
}

if ($mode eq 'run') {
    my @java = words();
    my @server = words();
    my ($kind, $value) = ('-', undef);
    if (-S $path && (my $s = request('R', @args))) {
        ($kind, $value) = answer($s);
        exit $value if $kind eq 'X';
        close($s);
        print STDERR "imgctl: not run by the resident server: $value\n"
            if $kind eq 'F' && ($ENV{IMGCTL_RESIDENT} // '') eq 'debug';
    }
    my $other_build = $kind eq 'F' && $value =~ /^it runs the installation /;
    if ($kind eq '-' || $other_build) {
        # No server answered, or another installation's: start one for the commands to come, in the
        # background, silently (a failure only means commands keep running in JVMs of their own).
        my $parent = $$;
        my $starter = fork();
        if (defined $starter && $starter == 0) {
            open(STDOUT, '>', '/dev/null');
            open(STDERR, '>', '/dev/null');
            start_server(3600, $other_build, $parent, @server);
            require POSIX;
            POSIX::_exit(0);
        }
    }
    { no warnings 'exec'; exec { $java[0] } @java, @args; }
    print STDERR "imgctl: cannot run $java[0]: $!\n";
    exit 1;
}

# imgctl resident ...
my @server = words();

my $usage = <<'END';
Usage: imgctl resident start [--idle DURATION] | stop | status

Keeps one imgctl JVM running for this user, which runs imgctl's commands without starting a JVM
each time, printing and exiting exactly as a JVM of their own would. The first command that finds
no server starts one in the background (after it has run itself, in its own JVM); the commands
after it are served. A server of another installation (a rebuilt or upgraded imgctl) is replaced.
A command whose client is interrupted (Ctrl-C) is cut off, as in a JVM of its own.

  start     start the server now (a no-op when one runs)
  stop      stop it (the next command starts one again, unless turned off)
  status    whether one runs: its pid, uptime, commands served and memory

Options of start:
  --idle DURATION   stop after this long without a command: 90s, 30m, 2h, or 0 for never
                    (default 1h)

IMGCTL_RESIDENT=off, or "resident": false in the config file, makes every command start its own
JVM and no server start by itself. See docs/resident.md.
END

# Prints the server's answer to a status or stop request; returns its exit code.
sub print_answer {
    my ($s) = @_;
    my ($kind, $value) = answer($s);
    return $kind eq 'X' ? $value : 1;
}

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
    my $code = print_answer($s);
    if ($action eq 'stop') {
        # The server removes its socket before it closes, and lets go of the lock as it exits; wait for
        # both (at most 5 s), so that the next command starts a new one.
        my $lock = lock_file();
        for (1 .. 100) {
            last if !-S $path && (!$lock || flock($lock, $LOCK_EX | $LOCK_NB));
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
if (!@server) {
    print STDERR "imgctl: resident.pl was not given the Java command (run it through bin/imgctl)\n";
    exit 2;
}

my ($pid, $why) = start_server($idle, 0, 0, @server);
if (!defined $pid) {
    if ($why eq 'starting' || $why eq 'running') {
        # Another start is under way, or a server runs: wait for it to answer (at most 30 s).
        for (1 .. 600) {
            if (my $s = request('P')) {
                my $code = print_answer($s);
                print STDERR "a resident server already runs (stop it first to change its settings)\n";
                exit $code;
            }
            select(undef, undef, undef, 0.05);
        }
        print STDERR "imgctl: another imgctl is starting a resident server, which did not answer within 30 s\n";
    } else {
        print STDERR "imgctl: $why\n";
    }
    exit 1;
}

# Wait until it answers (a status request), at most 30 s; report its end if it exits first.
my $log = "$dir/resident.log";
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
            exit print_answer($s);
        }
    }
}
print STDERR "imgctl: the resident server (pid $pid) did not answer within 30 s; see $log\n";
exit 1;
