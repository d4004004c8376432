#!/usr/bin/python3
"""Prints the messages stored in a Maildir as JSON, for Missive's end-to-end tests.

Usage: /usr/bin/python3 read_maildir.py MAILDIR

Prints a JSON array, sorted by Maildir file name (which starts with the delivery time), with one
object per message:
  file          the message's file name in the Maildir
  to, from      the To and From headers, decoded (RFC 2047)
  from_name     the From display name, decoded; from_address its address
  subject       the Subject header, decoded
  raw_subject   the Subject header exactly as it was sent (to check the encoding used on the wire)
  raw_from      the From header exactly as it was sent
  message_id    the Message-ID header
  envelope_to   the SMTP envelope recipients (the X-RcptTo header the test server adds)
  envelope_from the SMTP envelope sender, MAIL FROM (the X-MailFrom header the test server adds)
  content_type  the top-level content type
  text          the text/plain part, decoded to text; null when there is none
  html          the text/html part, decoded to text; null when there is none
  html_type     the content type of the text/html part; null when there is none
  attachments   [{"filename", "content_type", "data" (base64)}] for each attached file
A directory that does not exist prints [].
"""

import base64
import email
import email.policy
import json
import mailbox
import os
import sys


def part(message, subtype):
    body = message.get_body(preferencelist=(subtype,))
    if body is None:
        return None, None
    return body.get_content(), body.get_content_type()


def raw_header(message, name):
    for key, value in message.raw_items():
        if key.lower() == name.lower():
            return str(value)
    return None


def describe(key, data):
    message = email.message_from_bytes(data, policy=email.policy.default)
    sender = message["From"]
    addresses = sender.addresses if sender is not None else ()
    text, _ = part(message, "plain")
    html, html_type = part(message, "html")
    attachments = [
        {
            "filename": attached.get_filename(),
            "content_type": attached.get_content_type(),
            "data": base64.b64encode(attached.get_payload(decode=True)).decode("ascii"),
        }
        for attached in message.iter_attachments()
        if attached.get_content_disposition() == "attachment"
    ]
    return {
        "attachments": attachments,
        "file": key,
        "to": str(message["To"]) if message["To"] is not None else None,
        "from": str(sender) if sender is not None else None,
        "from_name": addresses[0].display_name if addresses else None,
        "from_address": addresses[0].addr_spec if addresses else None,
        "subject": str(message["Subject"]) if message["Subject"] is not None else None,
        "raw_subject": raw_header(message, "Subject"),
        "raw_from": raw_header(message, "From"),
        "message_id": str(message["Message-ID"]) if message["Message-ID"] is not None else None,
        "envelope_to": str(message["X-RcptTo"]) if message["X-RcptTo"] is not None else None,
        "envelope_from": (
            str(message["X-MailFrom"]) if message["X-MailFrom"] is not None else None
        ),
        "content_type": message.get_content_type(),
        "text": text,
        "html": html,
        "html_type": html_type,
    }


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: read_maildir.py MAILDIR")
    path = sys.argv[1]
    if not os.path.isdir(path):
        print("[]")
        return
    box = mailbox.Maildir(path, factory=None, create=False)
    messages = [describe(key, box.get_bytes(key)) for key in sorted(box.keys())]
    json.dump(messages, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
