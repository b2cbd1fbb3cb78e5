from socket import *
import json

serverName = 'localhost'
serverPort = 12004

def send_msg(sock, msg):                  # lesson 6's frame: size, space, payload
    payload = json.dumps(msg).encode()
    sock.sendall(str(len(payload)).encode() + b' ' + payload)

def recv_msg(sock, buffer):
    while b' ' not in buffer:             # the size ends at the space
        buffer = more(sock, buffer)
    size, buffer = buffer.split(b' ', 1)
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
clientSocket.close()
