# A broken echo server: like the textbook's TCPServer.py it reads only once per connection, so a
# persistent client's second message is never answered.
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
    data = connectionSocket.recv(1024)
    connectionSocket.sendall(data)
    connectionSocket.close()
