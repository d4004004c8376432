#pragma once
// OutgoingEmail: one email ready to hand to a provider, and the functions that turn it into the
// RFC 5322 / MIME text sent over SMTP or written to the outbox. Pure functions, no shared state:
// thread-safe.
//
//   OutgoingEmail email{.notification_id = id, .from_name = "Service", .to = "a@example.ca", ...};
//   std::string message = BuildMimeMessage(email);  // CRLF line ends, ready for SMTP DATA
//   std::string id_header = MessageIdFor(email);    // "<id@example.ca>"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"

namespace missive {

// A file sent with the email.
struct Attachment {
  std::string filename;   // may hold accents; sent RFC 2231 encoded when not ASCII
  std::string mime_type;  // e.g. "application/pdf"
  std::string data;       // the bytes
};

struct OutgoingEmail {
  std::string notification_id;  // UUID; becomes the Message-ID local part
  std::string from_name;        // the service's name, may hold French accents
  std::string from_address;     // "local@domain"
  // The SMTP envelope sender (MAIL FROM), where bounces go; empty: from_address.
  std::string envelope_from = {};
  std::string to;
  std::optional<std::string> reply_to;
  std::string subject;    // may hold accents
  std::string text_body;  // UTF-8 plain text, \n or \r\n line ends
  std::string html_body;  // UTF-8 HTML document
  Micros date = 0;        // used for the Date header
  // One-click unsubscribe (RFC 8058): List-Unsubscribe and List-Unsubscribe-Post headers.
  std::optional<std::string> unsubscribe_url = std::nullopt;
  // With attachments the message is multipart/mixed: the two versions of the body, then the files.
  std::vector<Attachment> attachments = {};
};

// `text` unchanged when it is plain printable ASCII (bytes 0x20 to 0x7E). Otherwise RFC 2047
// encoded words ("=?UTF-8?B?...?="), separated by single spaces, each at most 75 characters and
// each holding whole UTF-8 characters. Invalid UTF-8 is carried through byte for byte.
std::string EncodeHeaderText(std::string_view text);

// "<notification_id@domain>" where domain is the part of from_address after its last '@'
// ("localhost" when from_address has no '@'). CR and LF are removed.
std::string MessageIdFor(const OutgoingEmail& email);

// The VERP envelope sender for a notification: "<local>+<notification_id>@<domain>" of
// `bounce_address` ("local@domain"), so that a bounce names the notification in the address it is
// sent to. `bounce_address` unchanged when it has no '@'. CR and LF are removed.
std::string VerpAddress(std::string_view bounce_address, std::string_view notification_id);

// The whole message with CRLF line ends: Date, From, To, Reply-To (when set), Subject,
// Message-ID, MIME-Version and a multipart/alternative body with a random boundary holding a
// text/plain part then a text/html part, both UTF-8 and quoted-printable (lines of at most 76
// characters). Body line ends become CRLF. CR and LF in header values are removed, so a value
// can never start a new header; non-ASCII names and subjects are RFC 2047 encoded.
std::string BuildMimeMessage(const OutgoingEmail& email);

}  // namespace missive
