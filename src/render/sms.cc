#include "render/sms.h"

#include <unicode/unorm2.h>
#include <unicode/utf16.h>

#include <algorithm>
#include <array>
#include <optional>
#include <utility>

#include "render/internal/text.h"
#include "render/placeholders.h"

namespace missive {
namespace {

using render_internal::AppendUtf8;
using render_internal::CodePoint;
using render_internal::DecodeUtf8;
using render_internal::IsPythonSpace;

enum class SmsChar {
  kGsm,           // GSM 03.38 basic set
  kGsmExtension,  // GSM 03.38 extension table: two units in a GSM message
  kUnicodeExtra,  // kept, but makes the message Unicode
  kOther,         // must be downgraded
};

// Members of the GSM 03.38 basic set above ASCII.
constexpr std::array<char32_t, 39> kGsmAboveAscii = {
    0x00A1, 0x00A3, 0x00A4, 0x00A5, 0x00A7, 0x00BF, 0x00C4, 0x00C5, 0x00C6, 0x00C7,
    0x00C9, 0x00D1, 0x00D6, 0x00D8, 0x00DC, 0x00DF, 0x00E0, 0x00E4, 0x00E5, 0x00E6,
    0x00E8, 0x00E9, 0x00EC, 0x00F1, 0x00F2, 0x00F6, 0x00F8, 0x00F9, 0x00FC, 0x0393,
    0x0394, 0x0398, 0x039B, 0x039E, 0x03A0, 0x03A3, 0x03A6, 0x03A8, 0x03A9};

constexpr char32_t kEuroSign = 0x20AC;

// Welsh (ÂâÊêÎîÔôÛûŴŵŶŷ) and French (ÀÂËÎÏÔŒÙÛâçêëîïôœû) letters outside GSM 03.38.
constexpr std::array<char32_t, 23> kLatinExtras = {
    0x00C0, 0x00C2, 0x00CA, 0x00CB, 0x00CE, 0x00CF, 0x00D4, 0x00D9, 0x00DB, 0x00E2, 0x00E7, 0x00EA,
    0x00EB, 0x00EE, 0x00EF, 0x00F4, 0x00FB, 0x0152, 0x0153, 0x0174, 0x0175, 0x0176, 0x0177};

struct Range {
  char32_t first;
  char32_t last;
};

// The Inuktitut, Cree and Ojibwe syllabics GC Notify keeps: its lists of characters, written as
// ranges. They are a subset of the Unified Canadian Aboriginal Syllabics blocks, not the blocks.
constexpr std::array<Range, 73> kSyllabics = {{
    {0x1401, 0x1401},   {0x1403, 0x1406},   {0x140A, 0x140B},   {0x141E, 0x141E},
    {0x1424, 0x1424},   {0x1426, 0x1427},   {0x142F, 0x142F},   {0x1431, 0x1434},
    {0x1438, 0x1439},   {0x1449, 0x144A},   {0x144C, 0x144C},   {0x144E, 0x1451},
    {0x1455, 0x1456},   {0x1466, 0x1466},   {0x146B, 0x146B},   {0x146D, 0x1470},
    {0x1472, 0x1473},   {0x1483, 0x1483},   {0x1489, 0x1489},   {0x148B, 0x148E},
    {0x1490, 0x1491},   {0x14A1, 0x14A1},   {0x14A3, 0x14A3},   {0x14A5, 0x14A8},
    {0x14AA, 0x14AB},   {0x14BB, 0x14BB},   {0x14C0, 0x14C0},   {0x14C2, 0x14C5},
    {0x14C7, 0x14C8},   {0x14D0, 0x14D0},   {0x14D3, 0x14D3},   {0x14D5, 0x14D7},
    {0x14DA, 0x14DA},   {0x14EA, 0x14EA},   {0x14ED, 0x14ED},   {0x14EF, 0x14F2},
    {0x14F4, 0x14F5},   {0x1505, 0x1505},   {0x1510, 0x1516},   {0x1525, 0x1526},
    {0x1528, 0x152B},   {0x152D, 0x152E},   {0x153E, 0x153E},   {0x1542, 0x1542},
    {0x1546, 0x1548},   {0x154B, 0x154B},   {0x1550, 0x1550},   {0x1553, 0x1553},
    {0x1555, 0x1557},   {0x1559, 0x1559},   {0x155D, 0x155D},   {0x1574, 0x1577},
    {0x1579, 0x1579},   {0x157B, 0x157C},   {0x157F, 0x1581},   {0x1583, 0x1583},
    {0x1585, 0x1585},   {0x158F, 0x1591},   {0x1593, 0x1593},   {0x1595, 0x1596},
    {0x15A0, 0x15A2},   {0x15A4, 0x15A4},   {0x15A6, 0x15A6},   {0x15A8, 0x15AA},
    {0x15AC, 0x15AC},   {0x15AE, 0x15AF},   {0x166F, 0x1673},   {0x1675, 0x1675},
    {0x18D4, 0x18DC},   {0x11AB0, 0x11AB2}, {0x11AB4, 0x11AB4}, {0x11AB6, 0x11AB8},
    {0x11ABA, 0x11ABA},
}};

static_assert(std::is_sorted(kGsmAboveAscii.begin(), kGsmAboveAscii.end()));
static_assert(std::is_sorted(kLatinExtras.begin(), kLatinExtras.end()));
static_assert(std::is_sorted(kSyllabics.begin(), kSyllabics.end(),
                             [](const Range& a, const Range& b) { return a.last < b.first; }));

// The GSM 7-bit class of each ASCII character: printable ASCII except the backtick, plus
// line feed, carriage return and escape.
constexpr std::array<SmsChar, 128> MakeAsciiClasses() {
  std::array<SmsChar, 128> classes{};
  for (char32_t c = 0; c < 128; ++c) {
    bool printable = c >= 0x20 && c <= 0x7E && c != '`';
    bool kept = printable || c == '\n' || c == '\r' || c == 0x1B;
    classes[c] = kept ? SmsChar::kGsm : SmsChar::kOther;
  }
  for (char c : std::string_view("^{}\\[~]|")) classes[c] = SmsChar::kGsmExtension;
  return classes;
}

constexpr std::array<SmsChar, 128> kAsciiClasses = MakeAsciiClasses();

bool IsSyllabic(char32_t c) {
  auto after = std::upper_bound(kSyllabics.begin(), kSyllabics.end(), c,
                                [](char32_t value, const Range& r) { return value < r.first; });
  return after != kSyllabics.begin() && c <= std::prev(after)->last;
}

SmsChar Classify(char32_t c) {
  if (c < 0x80) return kAsciiClasses[c];
  if (std::binary_search(kGsmAboveAscii.begin(), kGsmAboveAscii.end(), c)) return SmsChar::kGsm;
  if (c == kEuroSign) return SmsChar::kGsmExtension;
  if (std::binary_search(kLatinExtras.begin(), kLatinExtras.end(), c) || IsSyllabic(c)) {
    return SmsChar::kUnicodeExtra;
  }
  return SmsChar::kOther;
}

// GC Notify's replacements for characters without a canonical decomposition, except that a
// no-break space becomes a space (GC Notify deletes it, joining the words on either side).
std::optional<std::string_view> Replacement(char32_t c) {
  switch (c) {
    case U'\t':
    case 0x00A0:  // no-break space
      return " ";
    case 0x2013:  // en dash
    case 0x2014:  // em dash
      return "-";
    case 0x2026:  // horizontal ellipsis
      return "...";
    case 0x2018:  // left single quotation mark
    case 0x2019:  // right single quotation mark
      return "'";
    case 0x201C:  // left double quotation mark
    case 0x201D:  // right double quotation mark
      return "\"";
    case 0x200B:  // zero-width space
      return "";
    default:
      return std::nullopt;
  }
}

// The first code point of the canonical decomposition of `c` (one level, as Python's
// unicodedata.decomposition gives it), or nullopt when it has none.
std::optional<char32_t> DecompositionBase(char32_t c) {
  UErrorCode status = U_ZERO_ERROR;
  static const UNormalizer2* nfd = unorm2_getNFDInstance(&status);
  if (nfd == nullptr) return std::nullopt;
  std::array<UChar, 8> buffer{};
  status = U_ZERO_ERROR;
  int32_t length = unorm2_getRawDecomposition(nfd, static_cast<UChar32>(c), buffer.data(),
                                              static_cast<int32_t>(buffer.size()), &status);
  if (U_FAILURE(status) || length <= 0) return std::nullopt;
  UChar32 first = 0;
  U16_GET(buffer.data(), 0, 0, length, first);
  return static_cast<char32_t>(first);
}

// Appends what `c` becomes. Decomposition is repeated while the result is still outside the
// allowed set; a chain is at most a few steps long, the bound only guards against bad data.
void AppendDowngraded(std::string& out, char32_t c) {
  for (int step = 0; step < 8; ++step) {
    if (Classify(c) != SmsChar::kOther) {
      AppendUtf8(out, c);
      return;
    }
    if (std::optional<char32_t> base = DecompositionBase(c)) {
      c = *base;
      continue;
    }
    std::optional<std::string_view> replacement = Replacement(c);
    out += replacement ? *replacement : "?";
    return;
  }
  out += '?';
}

// A code point of `text`, with an invalid UTF-8 byte reported as nullopt.
struct Decoded {
  std::optional<char32_t> value;
  std::size_t length = 1;
};

Decoded Decode(std::string_view text, std::size_t pos) {
  CodePoint point = DecodeUtf8(text, pos);
  bool invalid = point.length == 1 && static_cast<unsigned char>(text[pos]) >= 0x80;
  if (invalid) return {std::nullopt, 1};
  return {point.value, point.length};
}

SmsChar ClassifyDecoded(const Decoded& decoded) {
  return decoded.value ? Classify(*decoded.value) : SmsChar::kOther;
}

// ASCII bytes the clean-up passes through as they are: kept characters other than the space,
// "," and "." (which the punctuation rule looks at) and line breaks.
constexpr std::array<bool, 128> MakePlainBytes() {
  std::array<bool, 128> plain{};
  for (std::size_t c = 0; c < 128; ++c) {
    bool special = c == ' ' || c == ',' || c == '.' || c == '\n' || c == '\r';
    plain[c] = kAsciiClasses[c] != SmsChar::kOther && !special;
  }
  return plain;
}

constexpr std::array<bool, 128> kPlainBytes = MakePlainBytes();

bool IsPlainByte(char byte) {
  auto value = static_cast<unsigned char>(byte);
  return value < 0x80 && kPlainBytes[value];
}

// Downgrades and applies GC Notify's clean-up as it goes: spaces before "," or "." are dropped,
// \r\n and \r become \n, and whitespace at either end is trimmed.
class SmsWriter {
 public:
  explicit SmsWriter(std::size_t size_hint) { out_.reserve(size_hint); }

  void Append(std::string_view text) {
    for (std::size_t pos = 0; pos < text.size();) {
      std::size_t run = pos;
      while (run < text.size() && IsPlainByte(text[run])) ++run;
      if (run > pos) {
        PutPlain(text.substr(pos, run - pos));
        pos = run;
        continue;
      }
      Decoded decoded = Decode(text, pos);
      pos += decoded.length;
      PutDowngraded(decoded.value.value_or(U'?'));
    }
  }

  std::string Finish() && {
    while (!out_.empty() && (out_.back() == '\n' || out_.back() == ' ')) out_.pop_back();
    return std::move(out_);
  }

 private:
  void PutDowngraded(char32_t c) {
    scratch_.clear();
    AppendDowngraded(scratch_, c);
    for (char byte : scratch_) {
      if (IsPlainByte(byte) || static_cast<unsigned char>(byte) >= 0x80) {
        PutPlain(std::string_view(&byte, 1));
      } else {
        PutSpecial(byte);
      }
    }
  }

  void PutPlain(std::string_view run) {
    FlushSpaces();
    out_ += run;
    after_cr_ = false;
  }

  // A space, "," or ".", or a line break.
  void PutSpecial(char byte) {
    bool after_cr = std::exchange(after_cr_, false);
    if (byte == ' ') {
      ++pending_spaces_;
    } else if (byte == ',' || byte == '.') {
      pending_spaces_ = 0;
      out_ += byte;
    } else if (!(byte == '\n' && after_cr)) {
      after_cr_ = byte == '\r';
      FlushSpaces();
      if (!out_.empty()) out_ += '\n';
    }
  }

  // Writes the spaces held back, unless nothing has been written yet (they are leading).
  void FlushSpaces() {
    if (!out_.empty()) out_.append(pending_spaces_, ' ');
    pending_spaces_ = 0;
  }

  std::string out_;
  std::string scratch_;
  std::size_t pending_spaces_ = 0;
  bool after_cr_ = false;
};

std::string CleanSms(std::string_view text) {
  SmsWriter writer(text.size());
  writer.Append(text);
  return std::move(writer).Finish();
}

// Python's str.strip(): whitespace removed from both ends.
std::string_view StripPythonSpace(std::string_view text) {
  std::size_t begin = 0;
  while (begin < text.size()) {
    CodePoint point = DecodeUtf8(text, begin);
    if (!IsPythonSpace(point.value)) break;
    begin += point.length;
  }
  std::size_t end = text.size();
  while (end > begin) {
    std::size_t start = end - 1;
    while (start > begin && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) --start;
    if (!IsPythonSpace(DecodeUtf8(text, start).value)) break;
    end = start;
  }
  return text.substr(begin, end - begin);
}

// True when the first character of `text` comes out of the clean-up as it went in and is not
// whitespace, "," or ".": what follows "<prefix>: " is then the cleaned text unchanged.
bool StartsPlainly(std::string_view text) {
  if (text.empty()) return false;
  if (static_cast<unsigned char>(text[0]) < 0x80) return IsPlainByte(text[0]);
  return ClassifyDecoded(Decode(text, 0)) != SmsChar::kOther;
}

// The text as sent, "<prefix>: " then the body; `body` is `filled` already cleaned.
std::string PrefixedText(std::string_view prefix, std::string_view filled, std::string_view body) {
  SmsWriter writer(prefix.size() + filled.size() + 2);
  writer.Append(prefix);
  if (!StartsPlainly(filled)) {
    writer.Append(": ");
    writer.Append(filled);
    return std::move(writer).Finish();
  }
  writer.Append(":");
  std::string text = std::move(writer).Finish();
  text += ' ';
  text += body;
  return text;
}

// What a text costs: its characters, its GSM length units, and whether it needs Unicode.
struct SmsMeasure {
  int characters = 0;
  int gsm_units = 0;
  bool unicode = false;

  int units() const { return unicode ? characters : gsm_units; }
};

SmsMeasure Measure(std::string_view text) {
  SmsMeasure measure;
  for (std::size_t pos = 0; pos < text.size();) {
    auto byte = static_cast<unsigned char>(text[pos]);
    SmsChar kind = SmsChar::kGsm;
    if (byte < 0x80) {
      kind = kAsciiClasses[byte];
      ++pos;
    } else {
      Decoded decoded = Decode(text, pos);
      kind = ClassifyDecoded(decoded);
      pos += decoded.length;
    }
    ++measure.characters;
    measure.gsm_units += kind == SmsChar::kGsmExtension ? 2 : 1;
    measure.unicode = measure.unicode || kind == SmsChar::kUnicodeExtra;
  }
  return measure;
}

int CountCodePoints(std::string_view text) {
  int count = 0;
  for (unsigned char byte : text) count += (byte & 0xC0) != 0x80;
  return count;
}

}  // namespace

std::string DowngradeSms(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t pos = 0; pos < text.size();) {
    auto byte = static_cast<unsigned char>(text[pos]);
    if (byte < 0x80 && kAsciiClasses[byte] != SmsChar::kOther) {
      out += static_cast<char>(byte);
      ++pos;
      continue;
    }
    Decoded decoded = Decode(text, pos);
    pos += decoded.length;
    AppendDowngraded(out, decoded.value.value_or(U'?'));
  }
  return out;
}

bool IsUnicodeSms(std::string_view text) { return Measure(text).unicode; }

int CountSmsUnits(std::string_view text) { return Measure(text).units(); }

int CountSmsFragments(int units, bool unicode) {
  int single = unicode ? 70 : 160;
  int concatenated = unicode ? 67 : 153;
  if (units <= single) return 1;
  return (units + concatenated - 1) / concatenated;
}

RenderedSms RenderSms(const SmsContent& content, const nlohmann::json& values) {
  std::string filled = FillPlaceholders(content.body, values, {.style = ValueStyle::kSms});

  RenderedSms sms;
  sms.api_body = CleanSms(filled);
  SmsMeasure body = Measure(sms.api_body);
  SmsMeasure sent = body;
  if (content.prefix && !content.service_name.empty()) {
    sms.text = PrefixedText(StripPythonSpace(content.service_name), filled, sms.api_body);
    sent = Measure(sms.text);
  } else {
    sms.text = sms.api_body;
  }

  sms.unicode = sent.unicode;
  sms.units = sent.units();
  sms.fragments = CountSmsFragments(sms.units, sms.unicode);

  int checked_units = body.units();
  if (content.prefix) checked_units += CountCodePoints(content.service_name) + 2;
  sms.too_long = checked_units > kSmsMaxUnits;
  return sms;
}

}  // namespace missive
