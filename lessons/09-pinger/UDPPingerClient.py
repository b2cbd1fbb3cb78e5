from socket import *
import time

serverName = 'localhost'
serverPort = 12005
clientSocket = socket(AF_INET, SOCK_DGRAM)
clientSocket.settimeout(1)
rtts = []
for n in range(1, 11):
    sendTime = time.time()
    message = 'Ping ' + str(n) + ' ' + str(sendTime)
    clientSocket.sendto(message.encode(), (serverName, serverPort))
    try:
        modifiedMessage, serverAddress = clientSocket.recvfrom(1024)
        rtt = (time.time() - sendTime) * 1000
        rtts.append(rtt)
        print(modifiedMessage.decode(), 'RTT %.3f ms' % rtt)
    except timeout:
        print('Request timed out')

lost = 10 - len(rtts)
if rtts:
    print('RTT min %.3f / avg %.3f / max %.3f ms' % (min(rtts), sum(rtts) / len(rtts), max(rtts)))
print('%d of 10 pings lost (%d%%)' % (lost, lost * 10))
clientSocket.close()
