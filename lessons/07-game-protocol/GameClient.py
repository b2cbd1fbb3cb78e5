from socket import *
import json

serverName = 'localhost'
serverPort = 12004
MAX_SIZE = 65536                          # lesson 6: every decoder needs a limit

def send_msg(sock, msg):                  # lesson 6's frame: size, space, payload
    payload = json.dumps(msg).encode()
    sock.sendall(str(len(payload)).encode() + b' ' + payload)

def recv_msg(sock, buffer):
    while b' ' not in buffer:             # the size ends at the space
        if len(buffer) > len(str(MAX_SIZE)) or not buffer.isdigit() and buffer:
            raise ConnectionError('the server sent a bad frame size')
        buffer = more(sock, buffer)
    size, buffer = buffer.split(b' ', 1)
    if not size.isdigit() or int(size) > MAX_SIZE:
        raise ConnectionError('the server sent a bad frame size')
    size = int(size)
    while len(buffer) < size:             # then the whole payload
        buffer = more(sock, buffer)
    return json.loads(buffer[:size]), buffer[size:]   # keep the rest

def more(sock, buffer):
    chunk = sock.recv(4096)
    if not chunk:
        raise ConnectionError('the server closed the connection')
    return buffer + chunk

name = input('Your name: ')
clientSocket = socket(AF_INET, SOCK_STREAM)
clientSocket.connect((serverName, serverPort))
buffer = b''
for request in [['ver'], ['move', [1, 0]], ['new', name, 'pw'], ['move', [1, 0]], ['update']]:
    send_msg(clientSocket, request)
    reply, buffer = recv_msg(clientSocket, buffer)
    print(request[0], '->', reply)
    if request[0] == 'new' and reply[0] is not True:    # the name exists: log in instead
        send_msg(clientSocket, ['login', name, 'pw'])
        reply, buffer = recv_msg(clientSocket, buffer)
        print('login ->', reply)
clientSocket.close()
