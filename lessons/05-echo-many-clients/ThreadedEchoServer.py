from socket import *
import threading

serverPort = 12012

def serve(connectionSocket):
    while True:
        message = connectionSocket.recv(1024)
        if not message:
            break
        connectionSocket.send(message)
    connectionSocket.close()

serverSocket = socket(AF_INET, SOCK_STREAM)
serverSocket.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)
serverSocket.bind(('', serverPort))
serverSocket.listen(5)
print('The server is ready to receive')
while True:
    connectionSocket, addr = serverSocket.accept()
    threading.Thread(target=serve, args=(connectionSocket,), daemon=True).start()
