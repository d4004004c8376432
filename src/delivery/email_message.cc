#include "delivery/email_message.h"

#include <algorithm>
#include <cctype>
#include <ctime>
#include <vector>

#include "core/encoding.h"
#include "core/uuid.h"

namespace missive {
namespace {

// RFC 2047 encoded words: "=?UTF-8?B?" + base64 + "?=", at most 75 characters each.
constexpr std::string_view kWordPrefix = "=?UTF-8?B?";
constexpr std::string_view kWordSuffix = "?=";
constexpr size_t kMaxWordLength = 75;

// Header lines holding encoded words are folded to at most 76 characters (RFC 2047 section 2).
constexpr size_t kMaxHeaderLine = 76;
// A plain value longer than this is sent as encoded words so that it can be folded and no line
// reaches RFC 5322's hard limit of 998 characters.
constexpr size_t kMaxPlainValue = 900;
// Quoted-printable content characters per line, leaving room for the soft break's '='.
constexpr size_t kMaxQpLine = 75;

std::string RemoveLineBreaks(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c != '\r' && c != '\n' && c != '\0') out.push_back(c);
  }
  return out;
}

bool IsPlainAscii(std::string_view text) {
  for (unsigned char c : text) {
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

// Bytes in the UTF-8 sequence that starts with `lead`; 1 for a byte that cannot start one.
size_t Utf8SequenceLength(unsigned char lead) {
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  if (lead >= 0xe0) return lead <= 0xef ? 3 : 1;
  if (lead >= 0xc2) return 2;
  return 1;
}

// Bytes of text that an encoded word of at most `length` characters can carry.
size_t WordCapacity(size_t length) {
  size_t overhead = kWordPrefix.size() + kWordSuffix.size();
  return length > overhead ? (length - overhead) / 4 * 3 : 0;
}

// Splits `text` into pieces that never cut a UTF-8 sequence in two: the first of at most
// `first_bytes`, the others of at most `bytes`. Pieces end just after a space where one allows it,
// so that a reader that wrongly adds a space between encoded words never splits a word.
std::vector<std::string_view> SplitUtf8(std::string_view text, size_t first_bytes, size_t bytes) {
  std::vector<std::string_view> pieces;
  size_t start = 0;
  size_t after_space = 0;
  size_t limit = first_bytes;
  for (size_t at = 0; at < text.size();) {
    size_t next = std::min(text.size(), at + Utf8SequenceLength(text[at]));
    if (next - start > limit) {
      size_t cut = after_space > start && next - after_space <= bytes ? after_space : at;
      pieces.push_back(text.substr(start, cut - start));
      start = cut;
      limit = bytes;
    }
    if (text[at] == ' ') after_space = next;
    at = next;
  }
  if (start < text.size()) pieces.push_back(text.substr(start));
  return pieces;
}

// Encoded words for `text`; the first at most `first_length` characters long, the others at most
// kMaxWordLength.
std::vector<std::string> EncodedWords(std::string_view text, size_t first_length = kMaxWordLength) {
  std::vector<std::string> words;
  size_t first_bytes = WordCapacity(std::min(first_length, kMaxWordLength));
  for (std::string_view piece : SplitUtf8(text, first_bytes, WordCapacity(kMaxWordLength))) {
    if (piece.empty()) continue;
    words.push_back(std::string(kWordPrefix) + Base64Encode(piece) + std::string(kWordSuffix));
  }
  return words;
}

// Room for the first token on the line "Name: ".
size_t FirstLineRoom(std::string_view name) { return kMaxHeaderLine - name.size() - 2; }

// The pieces of a header value between which the header may be folded.
std::vector<std::string> ValueTokens(std::string_view name, std::string_view text) {
  if (IsPlainAscii(text) && text.size() <= kMaxPlainValue) return {std::string(text)};
  return EncodedWords(text, FirstLineRoom(name));
}

// "Name: token token\r\n", folded between tokens so that lines stay within kMaxHeaderLine where
// the tokens allow it.
std::string FoldHeader(std::string_view name, const std::vector<std::string>& tokens) {
  std::string out(name);
  out += ':';
  size_t line_length = out.size();
  for (size_t i = 0; i < tokens.size(); ++i) {
    bool fold = i > 0 && line_length + 1 + tokens[i].size() > kMaxHeaderLine;
    out += fold ? "\r\n " : " ";
    line_length = fold ? 1 : line_length + 1;
    out += tokens[i];
    line_length += tokens[i].size();
  }
  if (tokens.empty()) out += ' ';
  return out + "\r\n";
}

std::string QuoteDisplayName(std::string_view name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string FromHeader(const OutgoingEmail& email) {
  std::string name = RemoveLineBreaks(email.from_name);
  std::string address = "<" + RemoveLineBreaks(email.from_address) + ">";
  std::vector<std::string> tokens;
  if (name.empty()) {
    tokens = {};
  } else if (IsPlainAscii(name) && name.size() <= kMaxPlainValue) {
    tokens = {QuoteDisplayName(name)};
  } else {
    // An encoded word may not sit inside a quoted string.
    tokens = EncodedWords(name, FirstLineRoom("From"));
  }
  tokens.push_back(address);
  return FoldHeader("From", tokens);
}

// RFC 5322 date-time in UTC: "Fri, 04 Dec 2026 16:21:32 +0000".
std::string FormatDate(Micros at) {
  time_t seconds = static_cast<time_t>(at / kMicrosPerSecond);
  if (at % kMicrosPerSecond < 0) --seconds;
  std::tm parts{};
  gmtime_r(&seconds, &parts);
  char buffer[64];
  size_t length = std::strftime(buffer, sizeof buffer, "%a, %d %b %Y %H:%M:%S +0000", &parts);
  return std::string(buffer, length);
}

// "=_" cannot occur in quoted-printable or base64 text, so the boundary never clashes with a part.
std::string MakeBoundary() { return "=_missive_" + NewUuid(); }

std::string QpEscape(unsigned char c) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  return {'=', kHex[c >> 4], kHex[c & 0x0f]};
}

// `c` as itself when `literal`, else as "=XX".
void AppendQp(unsigned char c, bool literal, std::string& out) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  if (literal) {
    out += static_cast<char>(c);
  } else {
    out += {'=', kHex[c >> 4], kHex[c & 0x0f]};
  }
}

// One line of text (no line end) as quoted-printable, with soft breaks where it is too long.
void AppendQpLine(std::string_view line, std::string& out) {
  size_t line_length = 0;
  for (size_t i = 0; i < line.size(); ++i) {
    unsigned char c = line[i];
    bool last = i + 1 == line.size();
    bool literal = (c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && !last);
    // A line starting with '.' is escaped so no relay can mistake it for the end of data.
    if (c == '.' && line_length == 0) literal = false;
    if (line_length + (literal ? 1 : 3) > kMaxQpLine) {
      out += "=\r\n";
      line_length = 0;
      if (c == '.') literal = false;
    }
    AppendQp(c, literal, out);
    line_length += literal ? 1 : 3;
  }
}

// Quoted-printable (RFC 2045 section 6.7) with "\n" and "\r\n" both taken as line ends and written
// as CRLF. A lone CR is data and is escaped.
std::string EncodeQuotedPrintable(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  size_t start = 0;
  while (true) {
    size_t end = text.find('\n', start);
    std::string_view line = text.substr(start, end == std::string_view::npos ? end : end - start);
    if (end != std::string_view::npos && !line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    AppendQpLine(line, out);
    if (end == std::string_view::npos) break;
    out += "\r\n";
    start = end + 1;
  }
  return out;
}

std::string BodyPart(std::string_view boundary, std::string_view type, std::string_view body) {
  std::string out = "--" + std::string(boundary) + "\r\n";
  out += "Content-Type: " + std::string(type) + "; charset=UTF-8\r\n";
  out += "Content-Transfer-Encoding: quoted-printable\r\n\r\n";
  out += EncodeQuotedPrintable(body);
  return out + "\r\n";
}

std::string Base64Lines(std::string_view bytes) {
  std::string encoded = Base64Encode(bytes);
  std::string out;
  out.reserve(encoded.size() + encoded.size() / 76 * 2 + 2);
  for (size_t i = 0; i < encoded.size(); i += 76) out += encoded.substr(i, 76) + "\r\n";
  return out;
}

// filename="x.pdf", or the RFC 2231 form filename*=UTF-8''... when it is not plain ASCII.
std::string FilenameParameter(std::string_view name) {
  std::string clean = RemoveLineBreaks(name);
  bool plain = IsPlainAscii(clean) && clean.find_first_of("\"\\") == std::string::npos;
  if (plain) return "filename=\"" + clean + "\"";
  std::string out = "filename*=UTF-8''";
  for (unsigned char c : clean) {
    bool safe = std::isalnum(c) || c == '.' || c == '-' || c == '_';
    out += safe ? std::string(1, static_cast<char>(c)) : "%" + QpEscape(c).substr(1);
  }
  return out;
}

std::string AttachmentPart(std::string_view boundary, const Attachment& file) {
  std::string type = RemoveLineBreaks(file.mime_type);
  std::string out = "--" + std::string(boundary) + "\r\n";
  out += "Content-Type: " + type + "\r\n";
  out += "Content-Transfer-Encoding: base64\r\n";
  out += "Content-Disposition: attachment;\r\n " + FilenameParameter(file.filename) + "\r\n\r\n";
  return out + Base64Lines(file.data);
}

std::string AlternativeBody(const OutgoingEmail& email, std::string_view boundary) {
  std::string out = BodyPart(boundary, "text/plain", email.text_body);
  out += BodyPart(boundary, "text/html", email.html_body);
  return out + "--" + std::string(boundary) + "--\r\n";
}

std::string Headers(const OutgoingEmail& email, std::string_view boundary) {
  std::string out = FoldHeader("Date", {FormatDate(email.date)});
  out += FromHeader(email);
  out += FoldHeader("To", {RemoveLineBreaks(email.to)});
  if (email.reply_to) out += FoldHeader("Reply-To", {RemoveLineBreaks(*email.reply_to)});
  out += FoldHeader("Subject", ValueTokens("Subject", RemoveLineBreaks(email.subject)));
  out += FoldHeader("Message-ID", {MessageIdFor(email)});
  if (email.unsubscribe_url) {
    out += FoldHeader("List-Unsubscribe", {"<" + RemoveLineBreaks(*email.unsubscribe_url) + ">"});
    out += "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n";
  }
  out += "MIME-Version: 1.0\r\n";
  std::string type = email.attachments.empty() ? "multipart/alternative" : "multipart/mixed";
  out += "Content-Type: " + type + ";\r\n boundary=\"" + std::string(boundary) + "\"\r\n";
  return out;
}

}  // namespace

std::string EncodeHeaderText(std::string_view text) {
  if (IsPlainAscii(text)) return std::string(text);
  std::string out;
  for (const std::string& word : EncodedWords(text)) {
    if (!out.empty()) out += ' ';
    out += word;
  }
  return out;
}

std::string MessageIdFor(const OutgoingEmail& email) {
  std::string address = RemoveLineBreaks(email.from_address);
  size_t at = address.rfind('@');
  std::string domain = at == std::string::npos ? "localhost" : address.substr(at + 1);
  return "<" + RemoveLineBreaks(email.notification_id) + "@" + domain + ">";
}

std::string VerpAddress(std::string_view bounce_address, std::string_view notification_id) {
  std::string address = RemoveLineBreaks(bounce_address);
  size_t at = address.rfind('@');
  if (at == std::string::npos) return address;
  return address.substr(0, at) + "+" + RemoveLineBreaks(notification_id) + address.substr(at);
}

std::string BuildMimeMessage(const OutgoingEmail& email) {
  std::string boundary = MakeBoundary();
  std::string out = Headers(email, boundary) + "\r\n";
  if (email.attachments.empty()) return out + AlternativeBody(email, boundary);
  std::string inner = MakeBoundary();
  out += "--" + boundary + "\r\n";
  out += "Content-Type: multipart/alternative;\r\n boundary=\"" + inner + "\"\r\n\r\n";
  out += AlternativeBody(email, inner);
  for (const auto& file : email.attachments) out += AttachmentPart(boundary, file);
  return out + "--" + boundary + "--\r\n";
}

}  // namespace missive
