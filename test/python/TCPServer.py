# TCPServer.py, as in Kurose & Ross 2.7.2. The port comes from the command line (0 lets the OS
# choose) and is printed once listening, so a test can start it without colliding; it serves
# `count` connections (default: forever) so a test run ends by itself.
import sys
from socket import *

serverPort = int(sys.argv[1]) if len(sys.argv) > 1 else 12000
count = int(sys.argv[2]) if len(sys.argv) > 2 else -1
serverSocket = socket(AF_INET, SOCK_STREAM)
serverSocket.bind(('127.0.0.1', serverPort))
serverSocket.listen(1)
print('The server is ready to receive on port', serverSocket.getsockname()[1], flush=True)
while count != 0:
    connectionSocket, addr = serverSocket.accept()
    sentence = connectionSocket.recv(1024).decode()
    capitalizedSentence = sentence.upper()
    connectionSocket.send(capitalizedSentence.encode())
    connectionSocket.close()
    count -= 1
serverSocket.close()
