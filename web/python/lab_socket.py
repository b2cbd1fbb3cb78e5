# The `socket`, `select` and `selectors` a student's program imports when it runs in the page.
# Python here is CPython compiled to WebAssembly: it has no sockets of its own, so every call below
# is carried to the bridge, which opens a REAL socket on this machine and reports what happened.
# Each blocking call (recvfrom, accept, recv, select, connect) blocks this program, not the page:
# `_labjs.call` waits on a SharedArrayBuffer until the page has the answer; in a page without
# shared memory it returns a promise that run_sync waits on (promise mode, channel.ts).
#
# The names, signatures, return values and exceptions follow CPython's socket module on Linux, so
# the textbook's UDPClient.py, UDPServer.py, TCPClient.py and TCPServer.py run unchanged.
import base64 as _base64
import builtins as _builtins
import errno as _errno
import json as _json
import sys as _sys

import _labjs

_PROMISED = bool(getattr(_labjs, "promised", False))
if _PROMISED:
    from pyodide.ffi import run_sync as _run_sync


def _wait(value):
    """What a _labjs call gives: at once, or (promise mode) once its promise settles."""
    return _run_sync(value) if _PROMISED else value


def _sleep(seconds):
    """Sleeps; Stop ends it with KeyboardInterrupt."""
    if not _wait(_labjs.sleep(float(seconds))) and _PROMISED:
        raise KeyboardInterrupt

AF_INET = 2
AF_INET6 = 10
AF_UNSPEC = 0
SOCK_STREAM = 1
SOCK_DGRAM = 2
SOCK_RAW = 3
SOL_SOCKET = 1
SO_REUSEADDR = 2
SO_KEEPALIVE = 9
SO_BROADCAST = 6
SO_RCVBUF = 8
SO_SNDBUF = 7
SO_REUSEPORT = 15
SO_ERROR = 4
SO_TYPE = 3
IPPROTO_IP = 0
IPPROTO_TCP = 6
IPPROTO_UDP = 17
TCP_NODELAY = 1
SHUT_RD = 0
SHUT_WR = 1
SHUT_RDWR = 2
INADDR_ANY = 0
SOMAXCONN = 4096
MSG_PEEK = 2
MSG_DONTWAIT = 64

error = OSError
timeout = TimeoutError


class herror(OSError):
    pass


class gaierror(OSError):
    pass


EAI_NONAME = -2

_PROGRAM = {"file": "<program>"}
_open = {}
_next_fd = [3]


def _caller_line():
    f = _sys._getframe(2)
    while f is not None:
        if f.f_code.co_filename == _PROGRAM["file"]:
            return f.f_lineno
        f = f.f_back
    return 0


# Linux's numbers, as CPython on Linux reports them (the WebAssembly build's own differ)
_LINUX_ERRNO = {
    "EPERM": 1, "ENOENT": 2, "EINTR": 4, "EIO": 5, "EBADF": 9, "EAGAIN": 11, "EWOULDBLOCK": 11,
    "EACCES": 13, "EINVAL": 22, "EMFILE": 24, "EPIPE": 32, "ENOTSOCK": 88, "EDESTADDRREQ": 89,
    "EMSGSIZE": 90, "EPROTONOSUPPORT": 93, "EOPNOTSUPP": 95, "EAFNOSUPPORT": 97, "EADDRINUSE": 98,
    "EADDRNOTAVAIL": 99, "ENETUNREACH": 101, "ECONNABORTED": 103, "ECONNRESET": 104, "ENOBUFS": 105,
    "EISCONN": 106, "ENOTCONN": 107, "ETIMEDOUT": 110, "ECONNREFUSED": 111, "EHOSTUNREACH": 113,
    "EALREADY": 114, "EINPROGRESS": 115,
}


for _name, _value in _LINUX_ERRNO.items():
    setattr(_errno, _name, _value)
    _errno.errorcode[_value] = _name

_OS_ERRORS = {
    "ECONNREFUSED": (ConnectionRefusedError, _errno.ECONNREFUSED, "Connection refused"),
    "ECONNRESET": (ConnectionResetError, _errno.ECONNRESET, "Connection reset by peer"),
    "EPIPE": (BrokenPipeError, _errno.EPIPE, "Broken pipe"),
    "ECONNABORTED": (ConnectionAbortedError, _errno.ECONNABORTED, "Software caused connection abort"),
    "EADDRINUSE": (OSError, _errno.EADDRINUSE, "Address already in use"),
    "EADDRNOTAVAIL": (OSError, _errno.EADDRNOTAVAIL, "Cannot assign requested address"),
    "EACCES": (PermissionError, _errno.EACCES, "Permission denied"),
    "ETIMEDOUT": (TimeoutError, _errno.ETIMEDOUT, "Connection timed out"),
    "EHOSTUNREACH": (OSError, _errno.EHOSTUNREACH, "No route to host"),
    "ENETUNREACH": (OSError, _errno.ENETUNREACH, "Network is unreachable"),
    "EMSGSIZE": (OSError, _errno.EMSGSIZE, "Message too long"),
    "EMFILE": (OSError, _errno.EMFILE, "Too many open files"),
    "ENOTCONN": (OSError, _errno.ENOTCONN, "Transport endpoint is not connected"),
    "EINVAL": (OSError, _errno.EINVAL, "Invalid argument"),
    "EBADF": (OSError, _errno.EBADF, "Bad file descriptor"),
    "EISCONN": (OSError, _errno.EISCONN, "Transport endpoint is already connected"),
    "EAGAIN": (BlockingIOError, _errno.EAGAIN, "Resource temporarily unavailable"),
    # the lab's own refusals, as the nearest OS error, with the lab's reason after it
    "LAB_QUOTA_SOCKETS": (OSError, _errno.EMFILE, "Too many open files"),
    "LAB_QUOTA_FILES": (OSError, _errno.EMFILE, "Too many open files"),
    "LAB_SEND_BLOCKED": (BlockingIOError, _errno.EAGAIN, "Resource temporarily unavailable"),
    "LAB_QUOTA_PENDING": (OSError, _errno.EAGAIN, "Resource temporarily unavailable"),
    "LAB_DESTINATION_DENIED": (PermissionError, _errno.EACCES, "Permission denied"),
    "LAB_BIND_DENIED": (OSError, _errno.EADDRNOTAVAIL, "Cannot assign requested address"),
    "LAB_PORT_DENIED": (PermissionError, _errno.EACCES, "Permission denied"),
    "LAB_TOO_LARGE": (OSError, _errno.EMSGSIZE, "Message too long"),
    "LAB_RATE_LIMITED": (OSError, _errno.ENOBUFS, "No buffer space available"),
}


def _raise(answer):
    code = answer.get("error")
    if code == "interrupted":
        raise KeyboardInterrupt
    if code == "timeout":
        raise TimeoutError("timed out")
    if code == "ENOTFOUND" or code == "gaierror":
        raise gaierror(EAI_NONAME, "Name or service not known")
    cls, num, text = _OS_ERRORS.get(code, (OSError, _errno.EIO, answer.get("message") or code))
    hint = answer.get("hint")
    raise cls(num, text + (" (" + hint + ")" if hint else ""))


def _call(op, **args):
    args["line"] = _caller_line()
    answer = _json.loads(_wait(_labjs.call(op, _json.dumps(args))))
    if "error" in answer:
        _raise(answer)
    return answer


def _addr(a):
    return (a["address"], a["port"])


def _host(host):
    """The address the bridge is asked for: '' (any) and 'localhost' are this machine's loopback."""
    if host in ("", "0.0.0.0", "localhost", "<broadcast>"):
        return "127.0.0.1"
    if host in ("::", "ip6-localhost"):
        return "::1"
    return host


def _check_address(address, family):
    if family == AF_INET6:
        if not isinstance(address, tuple) or len(address) not in (2, 4):
            raise TypeError("AF_INET6 address must be a tuple (host, port[, flowinfo[, scopeid]])")
    elif not isinstance(address, tuple) or len(address) != 2:
        raise TypeError("AF_INET address must be a pair (host, port)")
    host, port = address[0], address[1]
    if not isinstance(host, str):
        raise TypeError("str, bytes or bytearray expected, not " + type(host).__name__)
    if not isinstance(port, int):
        raise TypeError("'" + type(port).__name__ + "' object cannot be interpreted as an integer")
    if not 0 <= port <= 65535:
        raise OverflowError("port must be 0-65535.")
    return _host(host), port


def _as_bytes(data):
    if isinstance(data, str):
        raise TypeError("a bytes-like object is required, not 'str'")
    return bytes(data)


def _b64(data):
    return _base64.b64encode(data).decode("ascii")


class socket:
    """A socket carried by the lab's bridge: bind, sendto, recvfrom, connect, listen, accept..."""

    def __init__(self, family=AF_INET, type=SOCK_STREAM, proto=0, fileno=None):
        if family not in (AF_INET, AF_INET6):
            raise OSError(_errno.EAFNOSUPPORT, "Address family not supported by protocol")
        if type not in (SOCK_STREAM, SOCK_DGRAM):
            raise OSError(_errno.EPROTONOSUPPORT, "Protocol not supported")
        self.family = family
        self.type = type
        self.proto = proto
        self._timeout = _default_timeout[0]
        self._id = None
        self._local = None
        self._peer = None
        self._state = "new"  # new, bound, listening, connected, closed
        self._bind_to = None
        self._opts = {}
        self._shut_rd = False
        self._fd = _next_fd[0]
        _next_fd[0] += 1
        _open[self._fd] = self

    # ---- plumbing ----

    def _new_id(self):
        name = _PROGRAM["file"].rsplit("/", 1)[-1]
        keep = "".join(c for c in name if c.isalnum() or c in "._-")[:30] or "program"
        return _call("newid", host=keep)["id"]

    def _check_open(self):
        if self._state == "closed":
            raise OSError(_errno.EBADF, "Bad file descriptor")

    def _ensure_udp(self):
        if self._id is None:
            self._id = self._new_id()
            got = _call("udp.open", sock=self._id, host=None, port=0)
            self._local = _addr(got["local"])
            self._state = "bound"

    def __repr__(self):
        kind = "SOCK_DGRAM" if self.type == SOCK_DGRAM else "SOCK_STREAM"
        fam = "AF_INET6" if self.family == AF_INET6 else "AF_INET"
        text = "<socket.socket fd=%d, family=%s, type=%s, proto=%d" % (self.fileno(), fam, kind, self.proto)
        if self._local:
            text += ", laddr=%r" % (self._local,)
        if self._peer:
            text += ", raddr=%r" % (self._peer,)
        return text + ">"

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # ---- the calls ----

    def fileno(self):
        return -1 if self._state == "closed" else self._fd

    def bind(self, address):
        self._check_open()
        host, port = _check_address(address, self.family)
        if self._state != "new":
            raise OSError(_errno.EINVAL, "Invalid argument")
        if self.type == SOCK_DGRAM:
            self._id = self._new_id()
            got = _call("udp.open", sock=self._id, host=host, port=port)
            self._local = _addr(got["local"])
            self._state = "bound"
        else:
            # a TCP socket is bound for real when listen() opens it (the bridge binds and listens
            # in one step), so a busy port is reported by listen()
            self._bind_to = (host, port)
            self._local = (host, port)
            self._state = "bound"

    def listen(self, backlog=SOMAXCONN):
        self._check_open()
        if self.type != SOCK_STREAM:
            raise OSError(_errno.EOPNOTSUPP, "Operation not supported")
        if self._state == "listening":
            return
        host, port = self._bind_to or ("127.0.0.1", 0)
        self._id = self._new_id()
        got = _call("tcp.listen", sock=self._id, host=host, port=port, backlog=max(0, min(int(backlog), 128)))
        self._local = _addr(got["local"])
        self._state = "listening"

    def accept(self):
        self._check_open()
        if self._state != "listening":
            raise OSError(_errno.EINVAL, "Invalid argument")
        got = _call("accept", sock=self._id, timeout=self._timeout)
        conn = socket(self.family, SOCK_STREAM)
        conn._id = got["conn"]
        conn._local = _addr(got["local"])
        conn._peer = _addr(got["remote"])
        conn._state = "connected"
        conn._timeout = _default_timeout[0]
        return conn, conn._peer

    def connect(self, address):
        self._check_open()
        host, port = _check_address(address, self.family)
        if self.type == SOCK_DGRAM:
            self._ensure_udp()
            self._peer = (host, port)
            return
        if self._state == "connected":
            raise OSError(_errno.EISCONN, "Transport endpoint is already connected")
        self._id = self._new_id()
        got = _call("tcp.connect", sock=self._id, host=host, port=port, timeout=self._timeout)
        self._local = _addr(got["local"])
        self._peer = _addr(got["remote"])
        self._state = "connected"

    def connect_ex(self, address):
        try:
            self.connect(address)
            return 0
        except OSError as e:
            return e.errno or _errno.EIO

    def sendto(self, data, *args):
        self._check_open()
        if len(args) == 1:
            address = args[0]
        elif len(args) == 2:
            address = args[1]
        else:
            raise TypeError("sendto() takes 2 or 3 arguments (%d given)" % (len(args) + 1))
        data = _as_bytes(data)
        if self.type != SOCK_DGRAM:
            if self._state == "connected":
                raise OSError(_errno.EISCONN, "Transport endpoint is already connected")
            raise BrokenPipeError(_errno.EPIPE, "Broken pipe")
        host, port = _check_address(address, self.family)
        self._ensure_udp()
        got = _call("udp.send", sock=self._id, host=host, port=port, data=_b64(data))
        return got["size"]

    def send(self, data, flags=0):
        self._check_open()
        data = _as_bytes(data)
        if self.type == SOCK_DGRAM:
            if not self._peer:
                raise OSError(_errno.EDESTADDRREQ, "Destination address required")
            return self.sendto(data, self._peer)
        if self._state != "connected":
            raise OSError(_errno.ENOTCONN, "Transport endpoint is not connected")
        got = _call("send", sock=self._id, data=_b64(data))
        return got["size"]

    def sendall(self, data, flags=0):
        self.send(data, flags)
        return None

    def _check_flags(self, flags):
        if flags & MSG_PEEK:
            raise OSError(_errno.EOPNOTSUPP, "MSG_PEEK is not available for sockets in the page")

    def recvfrom(self, bufsize, flags=0):
        self._check_open()
        self._check_flags(flags)
        if bufsize < 0:
            raise ValueError("negative buffersize in recvfrom")
        if self.type != SOCK_DGRAM:
            data = self.recv(bufsize, flags)
            return data, None
        if self._id is None:
            # recvfrom() on a socket never bound: the OS binds it to a port of its choosing
            self._ensure_udp()
        got = _call("recvfrom", sock=self._id, timeout=self._timeout)
        data = _base64.b64decode(got["data"])[:bufsize]
        return data, _addr(got["from"])

    def recv(self, bufsize, flags=0):
        self._check_open()
        self._check_flags(flags)
        if bufsize < 0:
            raise ValueError("negative buffersize in recv")
        if self.type == SOCK_DGRAM:
            return self.recvfrom(bufsize, flags)[0]
        if self._state != "connected":
            raise OSError(_errno.ENOTCONN, "Transport endpoint is not connected")
        if self._shut_rd or bufsize == 0:
            return b""
        wait = 0 if flags & MSG_DONTWAIT else self._timeout
        got = _call("recv", sock=self._id, max=bufsize, timeout=wait)
        return _base64.b64decode(got["data"])

    def recv_into(self, buffer, nbytes=0, flags=0):
        data = self.recv(nbytes or len(buffer), flags)
        buffer[: len(data)] = data
        return len(data)

    def shutdown(self, how):
        self._check_open()
        if how not in (SHUT_RD, SHUT_WR, SHUT_RDWR):
            raise OSError(_errno.EINVAL, "Invalid argument")
        if self.type != SOCK_STREAM or self._state != "connected":
            raise OSError(_errno.ENOTCONN, "Transport endpoint is not connected")
        if how in (SHUT_RD, SHUT_RDWR):
            self._shut_rd = True
        if how in (SHUT_WR, SHUT_RDWR):
            _call("shutdown", sock=self._id)

    def close(self):
        if self._state == "closed":
            return
        _open.pop(self._fd, None)
        if self._id is not None:
            _call("close", sock=self._id)
        self._state = "closed"

    def detach(self):
        fd = self._fd
        self.close()
        return fd

    def settimeout(self, value):
        if value is not None:
            value = float(value)
            if value < 0:
                raise ValueError("Timeout value out of range")
        self._timeout = value

    def gettimeout(self):
        return self._timeout

    def setblocking(self, flag):
        self._timeout = None if flag else 0.0

    def getblocking(self):
        return self._timeout != 0.0

    def getsockname(self):
        self._check_open()
        if self._local is None:
            return ("0.0.0.0", 0) if self.family == AF_INET else ("::", 0, 0, 0)
        return self._local

    def getpeername(self):
        self._check_open()
        if self._peer is None:
            raise OSError(_errno.ENOTCONN, "Transport endpoint is not connected")
        return self._peer

    def setsockopt(self, level, optname, value, optlen=None):
        self._check_open()
        self._opts[(level, optname)] = value

    def getsockopt(self, level, optname, buflen=None):
        self._check_open()
        if (level, optname) == (SOL_SOCKET, SO_TYPE):
            return self.type
        if (level, optname) == (SOL_SOCKET, SO_ERROR):
            return 0
        return self._opts.get((level, optname), 0)

    def makefile(self, *args, **kwargs):
        raise OSError(_errno.EOPNOTSUPP, "makefile() is not available for sockets in the page: use recv() and send()")

    def dup(self):
        raise OSError(_errno.EOPNOTSUPP, "dup() is not available for sockets in the page")


SocketType = socket
_default_timeout = [None]


def getdefaulttimeout():
    return _default_timeout[0]


def setdefaulttimeout(value):
    _default_timeout[0] = None if value is None else float(value)


def _is_ip(host):
    parts = host.split(".")
    if len(parts) == 4 and all(p.isdigit() and 0 <= int(p) <= 255 for p in parts):
        return True
    return ":" in host


def gethostbyname(hostname):
    if hostname in ("", "localhost", "0.0.0.0"):
        return "127.0.0.1"
    if _is_ip(hostname) and ":" not in hostname:
        return hostname
    got = _call("resolve", host=hostname)
    return got["address"]


def gethostname():
    return "localhost"


def getfqdn(name=""):
    return name or "localhost"


def getaddrinfo(host, port, family=0, type=0, proto=0, flags=0):
    address = gethostbyname(host) if host is not None else "127.0.0.1"
    if isinstance(port, str):
        if not port.isdigit():
            raise gaierror(-8, "Servname not supported for ai_socktype")
        port = int(port)
    kinds = [type] if type else [SOCK_STREAM, SOCK_DGRAM]
    return [(AF_INET, k, IPPROTO_TCP if k == SOCK_STREAM else IPPROTO_UDP, "", (address, port or 0)) for k in kinds]


def create_connection(address, timeout=None, source_address=None, **kwargs):
    s = socket(AF_INET, SOCK_STREAM)
    if timeout is not None:
        s.settimeout(timeout)
    try:
        s.connect(address)
    except BaseException:
        s.close()
        raise
    return s


def create_server(address, family=AF_INET, backlog=None, reuse_port=False, dualstack_ipv6=False):
    s = socket(family, SOCK_STREAM)
    s.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)
    s.bind(address)
    s.listen(SOMAXCONN if backlog is None else backlog)
    return s


def has_dualstack_ipv6():
    return False


def htons(x):
    return ((x & 0xFF) << 8) | ((x >> 8) & 0xFF)


ntohs = htons


def htonl(x):
    return int.from_bytes(int(x).to_bytes(4, "little"), "big")


ntohl = htonl


def inet_aton(text):
    parts = text.split(".")
    if len(parts) != 4 or not all(p.isdigit() and int(p) < 256 for p in parts):
        raise OSError("illegal IP address string passed to inet_aton")
    return bytes(int(p) for p in parts)


def inet_ntoa(packed):
    return ".".join(str(b) for b in bytes(packed))


__all__ = [n for n in list(globals()) if not n.startswith("_") and n not in ("base64", "builtins", "errno", "json", "sys")]


# ---- select: over the lab's sockets ----------------------------------------------------------------


class _Select:
    """select.select: a callable object, not a function, so that a class keeping it as an attribute
    (selectors.SelectSelector._select) does not bind it as a method, as with CPython's builtin."""

    def __call__(self, rlist, wlist, xlist, timeout=None):
        def resolve(items):
            found = []
            for item in items:
                fd = item if isinstance(item, int) else item.fileno()
                if fd < 0:
                    raise ValueError("file descriptor cannot be a negative integer (%d)" % fd)
                s = _open.get(fd)
                if s is None:
                    raise OSError(_errno.EBADF, "Bad file descriptor")
                found.append((item, s))
            return found

        readers, writers = resolve(rlist), resolve(wlist)
        resolve(xlist)
        if timeout is not None and timeout < 0:
            raise ValueError("timeout must be non-negative")
        # a socket can be written at once here (the bridge queues what it sends); a read may wait
        ready_w = [item for item, s in writers if s._state in ("connected", "bound", "new")]
        ids = [s._id for item, s in readers if s._id is not None]
        if ready_w:
            timeout = 0
        if ids:
            ready = set(_call("select", socks=ids, timeout=timeout)["ready"])
        else:
            ready = set()
            if timeout != 0:
                _sleep(timeout if timeout is not None else 1e9)
        return [item for item, s in readers if s._id in ready], ready_w, []


def _install(program_file):
    """Puts this module in place of socket, select and selectors for one run."""
    import importlib
    import types

    _PROGRAM["file"] = program_file
    for s in list(_open.values()):
        s._state = "closed"
    _open.clear()
    me = _sys.modules[__name__]
    _sys.modules["socket"] = me
    sel = types.ModuleType("select")
    sel.select = _Select()
    sel.error = OSError
    _sys.modules["select"] = sel
    _sys.modules.pop("selectors", None)
    _sys.modules["selectors"] = importlib.import_module("selectors")


def _close_all():
    """The program ended: close every socket it left open, as the OS does when a process exits."""
    for s in list(_open.values()):
        try:
            s.close()
        except BaseException:
            s._state = "closed"
    _open.clear()
