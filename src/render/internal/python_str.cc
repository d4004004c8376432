#include "render/internal/python_str.h"

#include <charconv>
#include <cstdio>
#include <string_view>

#include "render/internal/text.h"

namespace missive::render_internal {
namespace {

using nlohmann::json;

bool IsSurrogateOrPrivateUse(char32_t c) { return (c >= 0xD800 && c <= 0xF8FF) || c >= 0xF0000; }

// Python's str.isprintable() for the code points that occur in practice: controls, separators,
// format characters, surrogates and private use are not printable; the rest is treated as
// printable.
bool IsPrintable(char32_t c) {
  if (c < 0x20 || (c >= 0x7F && c <= 0xA0) || c == 0xAD) return false;
  if (c == 0x1680 || (c >= 0x2000 && c <= 0x200F) || (c >= 0x2028 && c <= 0x202F)) return false;
  if ((c >= 0x205F && c <= 0x206F) || c == 0x3000 || c == 0xFEFF) return false;
  if ((c >= 0x600 && c <= 0x605) || c == 0x61C || c == 0x6DD || c == 0x70F || c == 0x180E) {
    return false;
  }
  if ((c >= 0xFFF9 && c <= 0xFFFB) || c == 0xFFFE || c == 0xFFFF) return false;
  return !IsSurrogateOrPrivateUse(c);
}

void AppendEscapedCodePoint(std::string& out, char32_t c) {
  char buffer[12];
  if (c < 0x100) {
    std::snprintf(buffer, sizeof buffer, "\\x%02x", static_cast<unsigned>(c));
  } else if (c < 0x10000) {
    std::snprintf(buffer, sizeof buffer, "\\u%04x", static_cast<unsigned>(c));
  } else {
    std::snprintf(buffer, sizeof buffer, "\\U%08x", static_cast<unsigned>(c));
  }
  out += buffer;
}

void AppendEscapedChar(std::string& out, char32_t c, char quote) {
  switch (c) {
    case '\\':
      out += "\\\\";
      return;
    case '\t':
      out += "\\t";
      return;
    case '\n':
      out += "\\n";
      return;
    case '\r':
      out += "\\r";
      return;
  }
  if (c == static_cast<char32_t>(quote)) {
    out += '\\';
    out += quote;
  } else if (!IsPrintable(c)) {
    AppendEscapedCodePoint(out, c);
  } else {
    AppendUtf8(out, c);
  }
}

// Python prefers single quotes, and switches to double quotes to avoid escaping a single quote.
std::string StringRepr(std::string_view text) {
  bool has_single = text.find('\'') != std::string_view::npos;
  bool has_double = text.find('"') != std::string_view::npos;
  char quote = (has_single && !has_double) ? '"' : '\'';
  std::string out(1, quote);
  for (std::size_t pos = 0; pos < text.size();) {
    CodePoint cp = DecodeUtf8(text, pos);
    AppendEscapedChar(out, cp.value, quote);
    pos += cp.length;
  }
  out += quote;
  return out;
}

std::string ListRepr(const json& list) {
  std::string out = "[";
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (i > 0) out += ", ";
    out += PythonRepr(list[i]);
  }
  return out + "]";
}

std::string DictRepr(const json& dict) {
  std::string out = "{";
  bool first = true;
  for (const auto& [key, item] : dict.items()) {
    if (!first) out += ", ";
    first = false;
    out += StringRepr(key) + ": " + PythonRepr(item);
  }
  return out + "}";
}

// Places the decimal point in `digits` for a number whose point sits after `point` digits.
std::string FixedForm(std::string_view digits, int point) {
  int count = static_cast<int>(digits.size());
  if (point <= 0) return "0." + std::string(-point, '0') + std::string(digits);
  if (point < count) {
    return std::string(digits.substr(0, point)) + "." + std::string(digits.substr(point));
  }
  return std::string(digits) + std::string(point - count, '0') + ".0";
}

std::string ExponentForm(std::string_view digits, int exponent) {
  std::string out(1, digits[0]);
  if (digits.size() > 1) out += "." + std::string(digits.substr(1));
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "e%c%02d", exponent < 0 ? '-' : '+',
                exponent < 0 ? -exponent : exponent);
  return out + buffer;
}

}  // namespace

std::string PythonFloatRepr(double value) {
  char buffer[64];
  auto result = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::scientific);
  std::string_view text(buffer, result.ptr - buffer);
  std::string sign;
  if (!text.empty() && text[0] == '-') {
    sign = "-";
    text.remove_prefix(1);
  }
  std::size_t e = text.find('e');
  std::string digits;
  for (char c : text.substr(0, e)) {
    if (c != '.') digits += c;
  }
  int exponent = std::stoi(std::string(text.substr(e + 1)));
  bool use_exponent = exponent < -4 || exponent >= 16;
  return sign + (use_exponent ? ExponentForm(digits, exponent) : FixedForm(digits, exponent + 1));
}

std::string PythonRepr(const json& value) {
  switch (value.type()) {
    case json::value_t::string:
      return StringRepr(value.get_ref<const std::string&>());
    case json::value_t::boolean:
      return value.get<bool>() ? "True" : "False";
    case json::value_t::number_integer:
      return std::to_string(value.get<std::int64_t>());
    case json::value_t::number_unsigned:
      return std::to_string(value.get<std::uint64_t>());
    case json::value_t::number_float:
      return PythonFloatRepr(value.get<double>());
    case json::value_t::array:
      return ListRepr(value);
    case json::value_t::object:
      return DictRepr(value);
    default:
      return "None";
  }
}

std::string PythonStr(const json& value) {
  if (value.is_string()) return value.get<std::string>();
  return PythonRepr(value);
}

bool PythonTruthy(const json& value) {
  switch (value.type()) {
    case json::value_t::boolean:
      return value.get<bool>();
    case json::value_t::number_integer:
      return value.get<std::int64_t>() != 0;
    case json::value_t::number_unsigned:
      return value.get<std::uint64_t>() != 0;
    case json::value_t::number_float:
      return value.get<double>() != 0.0;
    case json::value_t::string:
      return !value.get_ref<const std::string&>().empty();
    case json::value_t::array:
    case json::value_t::object:
    case json::value_t::binary:
      return !value.empty();
    default:
      return false;
  }
}

}  // namespace missive::render_internal
