# A TCP server that listens but never calls accept(): once its queue (listen(0)) is full, the
# kernel drops new SYNs and a client's connect() hangs until it times out. Prints its port.
import sys
import time
from socket import *

serverSocket = socket(AF_INET, SOCK_STREAM)
serverSocket.bind(('127.0.0.1', 0))
serverSocket.listen(0)
print(serverSocket.getsockname()[1], flush=True)
time.sleep(float(sys.argv[1]) if len(sys.argv) > 1 else 30)
