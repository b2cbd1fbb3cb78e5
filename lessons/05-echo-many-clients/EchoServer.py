from socket import *

serverPort = 12002
serverSocket = socket(AF_INET, SOCK_STREAM)
serverSocket.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)
serverSocket.bind(('', serverPort))
serverSocket.listen(5)
print('The server is ready to receive')
while True:
    connectionSocket, addr = serverSocket.accept()
    try:
        while True:
            message = connectionSocket.recv(1024)
            if not message:
                break
            connectionSocket.send(message)
    except ConnectionError:
        pass  # this client reset the connection: go on to the next one
    connectionSocket.close()
