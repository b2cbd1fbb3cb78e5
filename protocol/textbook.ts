// The numbers of the textbook's programs (Kurose & Ross §2.7), named once: the lab's servers, the
// page's consoles and the checks all use these, so "recvfrom(2048)" means the same everywhere.

/** UDPServer.py / UDPClient.py: `recvfrom(2048)`. */
export const RECVFROM_BUFSIZE = 2048;
/** TCPServer.py / TCPClient.py: `recv(1024)`; UDPPingerServer.py: `recvfrom(1024)`. */
export const RECV_BUFSIZE = 1024;
/** `serverPort = 12000` in all four programs: the port the lab's uppercase servers use by default. */
export const SERVER_PORT = 12000;
