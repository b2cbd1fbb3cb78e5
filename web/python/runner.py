# Runs one student program in the page's Python, the way `python3 FILE` would: __name__ is
# "__main__", sys.argv is [FILE, ...], input() reads the program's console, and a traceback shows
# the student's own file and line numbers (the lab's socket module is left out of it, as CPython's
# C socket module would be).
import builtins
import linecache
import sys
import time
import traceback

import _labjs
import lab_socket

_HIDDEN = ("<exec>", lab_socket.__file__, __file__)
_NO_THREADS = {"text": "threads"}


def _sleep(seconds):
    if seconds < 0:
        raise ValueError("sleep length must be non-negative")
    lab_socket._sleep(seconds)


def _input(prompt=""):
    """input() in promise mode, where stdin cannot block: a line from the program's console."""
    if prompt:
        sys.stdout.write(str(prompt))
    sys.stdout.flush()
    line = lab_socket._call("input").get("line")
    if line is None:
        raise EOFError("EOF when reading a line")
    return line


def _no_threads(*args, **kwargs):
    raise RuntimeError(_NO_THREADS["text"])


def _print_exception(exc):
    te = traceback.TracebackException(type(exc), exc, exc.__traceback__)
    te.stack = traceback.StackSummary.from_list([f for f in te.stack if f.filename not in _HIDDEN])
    sys.stderr.write("".join(te.format()))


def run(source, filename, argv, no_threads):
    """Returns the exit status: 0, the SystemExit code, or 1 after an uncaught exception."""
    _NO_THREADS["text"] = no_threads
    lab_socket._install(filename)
    time.sleep = _sleep
    if lab_socket._PROMISED:
        builtins.input = _input
    import _thread
    import threading

    _thread.start_new_thread = _no_threads
    threading.Thread.start = lambda self: _no_threads()
    sys.argv = [filename] + list(argv)
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    globals_ = {"__name__": "__main__", "__file__": filename, "__builtins__": __builtins__}
    status = 0
    try:
        code = compile(source, filename, "exec")
        exec(code, globals_)
    except SystemExit as e:
        if e.code is None:
            status = 0
        elif isinstance(e.code, int):
            status = e.code
        else:
            sys.stderr.write(str(e.code) + "\n")
            status = 1
    except SyntaxError as e:
        sys.stderr.write("".join(traceback.format_exception_only(type(e), e)))
        status = 1
    except BaseException as e:
        _print_exception(e)
        status = 130 if isinstance(e, KeyboardInterrupt) else 1
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except BaseException:
            pass
        try:
            lab_socket._close_all()
        except BaseException:
            pass
    return status
