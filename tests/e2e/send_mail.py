#!/usr/bin/python3
"""Sends one message over SMTP, as a mail server returning a report would, for Missive's tests.

Usage: /usr/bin/python3 send_mail.py PORT MAIL_FROM RCPT_TO < message

Connects to 127.0.0.1:PORT, sends the message read from standard input (bytes, as is) with the
envelope sender MAIL_FROM (an empty string for the null sender "<>" that delivery reports use) and
the one recipient RCPT_TO, and exits 0 once the server accepted it.
"""

import smtplib
import sys


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: send_mail.py PORT MAIL_FROM RCPT_TO < message")
    port, mail_from, rcpt_to = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    message = sys.stdin.buffer.read()
    with smtplib.SMTP("127.0.0.1", port, timeout=10) as smtp:
        refused = smtp.sendmail(mail_from, [rcpt_to], message)
    if refused:
        sys.exit(f"refused: {refused}")


if __name__ == "__main__":
    main()
