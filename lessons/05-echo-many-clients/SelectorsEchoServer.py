from socket import *
import selectors

serverPort = 12012
sel = selectors.DefaultSelector()
serverSocket = socket(AF_INET, SOCK_STREAM)
serverSocket.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)
serverSocket.bind(('', serverPort))
serverSocket.listen(5)
serverSocket.setblocking(False)
sel.register(serverSocket, selectors.EVENT_READ)
print('The server is ready to receive')
while True:
    for key, events in sel.select():
        sock = key.fileobj
        if sock is serverSocket:
            connectionSocket, addr = serverSocket.accept()
            connectionSocket.setblocking(False)
            sel.register(connectionSocket, selectors.EVENT_READ)
            continue
        try:
            message = sock.recv(1024)
            if message:
                sock.send(message)
                continue
        except ConnectionError:
            pass  # this client reset the connection: close only it
        sel.unregister(sock)
        sock.close()
