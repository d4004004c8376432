#!/usr/bin/python3
"""A loopback SMTP server for Missive's tests, built on Debian's aiosmtpd.

Usage: /usr/bin/python3 smtp_server.py [options] PORT MAILDIR

Listens on 127.0.0.1:PORT (0 picks a free port) and prints the port it listens on as the first
line of standard output. Every accepted message is stored in the Maildir MAILDIR (created when
missing), with the envelope recipients in an X-RcptTo header. RCPT for an address starting with
"reject" is answered "550 5.1.1 Mailbox unavailable"; for one starting with "tempfail",
"451 4.3.0 Try again later". Runs until it gets SIGTERM or SIGINT.

Options:
  --no-pipelining      do not offer PIPELINING in the EHLO reply (it is offered by default, as
                       Postfix and Exim do; aiosmtpd handles pipelined commands in turn)
  --tls-dir DIR        make a self-signed certificate for 127.0.0.1 in DIR/cert.pem (key in
                       DIR/key.pem) with the openssl command, and offer STARTTLS with it
  --implicit-tls       with --tls-dir: TLS from the first byte (smtps) instead of STARTTLS
  --auth USER:PASSWORD require authentication with these credentials (only under TLS)
  --auth-mechanisms M  the mechanisms offered, comma separated (default PLAIN,LOGIN)
  --idle-timeout S     close a connection that stays idle S seconds (default 300)
"""

import argparse
import asyncio
import os
import signal
import ssl
import subprocess

from aiosmtpd.handlers import Mailbox
from aiosmtpd.smtp import SMTP, AuthResult

REJECTED = "550 5.1.1 Mailbox unavailable"
TEMPORARY_FAILURE = "451 4.3.0 Try again later"


class TestMailbox(Mailbox):
    """A Maildir store that refuses recipients by the start of their address."""

    def __init__(self, maildir, pipelining):
        super().__init__(maildir)
        self.pipelining = pipelining

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        if self.pipelining:
            responses.insert(-1, "250-PIPELINING")
        return responses

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
    parser.add_argument("--no-pipelining", action="store_true")
    parser.add_argument("--tls-dir")
    parser.add_argument("--implicit-tls", action="store_true")
    parser.add_argument("--auth")
    parser.add_argument("--auth-mechanisms", default="PLAIN,LOGIN")
    parser.add_argument("--idle-timeout", type=float, default=300)
    return parser.parse_args()


def tls_context(directory):
    """A server context with a fresh self-signed certificate for 127.0.0.1."""
    cert = os.path.join(directory, "cert.pem")
    key = os.path.join(directory, "key.pem")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
         "-keyout", key, "-out", cert],
        check=True, capture_output=True)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context


def authenticator(credentials):
    """Accepts exactly USER:PASSWORD."""
    user, _, password = credentials.partition(":")

    def check(server, session, envelope, mechanism, auth_data):
        login = auth_data.login.decode() if isinstance(auth_data.login, bytes) else auth_data.login
        given = auth_data.password
        given = given.decode() if isinstance(given, bytes) else given
        return AuthResult(success=(login == user and given == password), handled=False)

    return check


def smtp_options(args, context):
    options = {"hostname": "missive-test-smtp", "timeout": args.idle_timeout}
    if context and not args.implicit_tls:
        options["tls_context"] = context
    if args.auth:
        offered = {m.strip().upper() for m in args.auth_mechanisms.split(",")}
        options["authenticator"] = authenticator(args.auth)
        options["auth_required"] = True
        options["auth_require_tls"] = not args.implicit_tls
        options["auth_exclude_mechanism"] = {"PLAIN", "LOGIN"} - offered
    return options


def main():
    args = parse_args()
    handler = TestMailbox(args.maildir, pipelining=not args.no_pipelining)
    context = tls_context(args.tls_dir) if args.tls_dir else None
    options = smtp_options(args, context)
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)

    def factory():
        return SMTP(handler, loop=loop, **options)

    listening = loop.create_server(factory, host="127.0.0.1", port=args.port,
                                   ssl=context if args.implicit_tls else None)
    server = loop.run_until_complete(listening)
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
