from socket import *

MAX_SIZE = 4096    # every decoder needs a limit
MAX_FAILURES = 3   # bad frames in a row before giving up

class BadFrame(Exception):
    pass

def more(sock, buffer, inside=False):
    chunk = sock.recv(1024)
    if not chunk:  # b'' between two frames is an ordinary close; inside one, an error
        raise ConnectionError('the connection closed' + (' inside a frame' if buffer or inside else ''))
    return buffer + chunk

def read_frame(sock, buffer):
    # 1. the size: ASCII digits up to the first space
    while b' ' not in buffer:
        if buffer and not buffer.isdigit():
            raise BadFrame('the size is not a number')
        if len(buffer) > len(str(MAX_SIZE)):
            raise BadFrame('the size is too large')
        buffer = more(sock, buffer)
    size, buffer = buffer.split(b' ', 1)
    if not size.isdigit():
        raise BadFrame('the size is not a number')
    size = int(size)
    if size > MAX_SIZE:
        raise BadFrame('the size is too large')
    # 2. the payload: exactly size bytes, however many recv() calls it takes
    while len(buffer) < size:
        buffer = more(sock, buffer, True)
    payload, buffer = buffer[:size], buffer[size:]
    try:
        return payload.decode(), buffer  # the rest stays for the next frame
    except UnicodeDecodeError:
        raise BadFrame('the payload is not UTF-8')

def send_frame(sock, text):
    payload = text.encode()
    sock.sendall(str(len(payload)).encode() + b' ' + payload)
