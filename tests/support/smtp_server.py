#!/usr/bin/python3
"""A loopback SMTP server for Missive's tests, built on Debian's aiosmtpd.

Usage: /usr/bin/python3 smtp_server.py PORT MAILDIR

Listens on 127.0.0.1:PORT (0 picks a free port) and prints the port it listens on as the first
line of standard output. Every accepted message is stored in the Maildir MAILDIR (created when
missing), with the envelope recipients in an X-RcptTo header. RCPT for an address starting with
"reject" is answered "550 5.1.1 Mailbox unavailable"; for one starting with "tempfail",
"451 4.3.0 Try again later". Runs until it gets SIGTERM or SIGINT.
"""

import argparse
import asyncio
import signal

from aiosmtpd.handlers import Mailbox
from aiosmtpd.smtp import SMTP

REJECTED = "550 5.1.1 Mailbox unavailable"
TEMPORARY_FAILURE = "451 4.3.0 Try again later"


class TestMailbox(Mailbox):
    """A Maildir store that refuses recipients by the start of their address."""

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        lowered = address.lower()
        if lowered.startswith("reject"):
            return REJECTED
        if lowered.startswith("tempfail"):
            return TEMPORARY_FAILURE
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(rcpt_options)
        return "250 OK"


def parse_args():
    parser = argparse.ArgumentParser(description="Loopback SMTP server storing a Maildir.")
    parser.add_argument("port", type=int, help="port on 127.0.0.1; 0 picks a free one")
    parser.add_argument("maildir", help="Maildir directory for accepted messages")
    return parser.parse_args()


def main():
    args = parse_args()
    handler = TestMailbox(args.maildir)
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)

    def factory():
        return SMTP(handler, hostname="missive-test-smtp", loop=loop)

    server = loop.run_until_complete(loop.create_server(factory, host="127.0.0.1", port=args.port))
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, loop.stop)
    print(server.sockets[0].getsockname()[1], flush=True)
    try:
        loop.run_forever()
    finally:
        server.close()
        loop.run_until_complete(server.wait_closed())
        loop.close()


if __name__ == "__main__":
    main()
