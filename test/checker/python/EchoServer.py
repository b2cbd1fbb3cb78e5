# Lesson 5's persistent echo server: one connection at a time, echoing until the client closes.
import sys
from socket import *
serverPort = int(sys.argv[1])
serverSocket = socket(AF_INET, SOCK_STREAM)
serverSocket.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)
serverSocket.bind(('127.0.0.1', serverPort))
serverSocket.listen(5)
print('The server is ready to receive', flush=True)
while True:
    connectionSocket, addr = serverSocket.accept()
    while True:
        data = connectionSocket.recv(1024)
        if not data:
            break
        connectionSocket.sendall(data)
    connectionSocket.close()
