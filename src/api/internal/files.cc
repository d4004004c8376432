#include "api/internal/files.h"

#include <magic.h>

#include <algorithm>
#include <memory>

#include "core/encoding.h"

namespace missive::handlers {
namespace {

using nlohmann::json;

constexpr size_t kMaxFiles = 10;
constexpr size_t kMaxFileBytes = 10'485'760;

constexpr std::pair<const char*, const char*> kAllowedTypes[] = {
    {"application/pdf", "pdf"},
    {"application/CDFV2", "doc"},
    {"text/csv", "csv"},
    {"text/plain", "txt"},
    {"application/msword", "doc"},
    {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"},
    {"image/jpeg", "jpg"},
    {"image/png", "png"},
    {"application/vnd.ms-excel", "xls"},
    {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"},
    {"application/vnd.apple.numbers", "numbers"},
};

// libmagic's cookie is not thread-safe: one per thread, loaded once.
std::string DetectMimeType(const std::string& data) {
  struct Closer {
    void operator()(magic_t cookie) const { magic_close(cookie); }
  };
  thread_local std::unique_ptr<std::remove_pointer_t<magic_t>, Closer> cookie = [] {
    magic_t opened = magic_open(MAGIC_MIME_TYPE);
    if (opened != nullptr && magic_load(opened, nullptr) != 0) {
      magic_close(opened);
      opened = nullptr;
    }
    return std::unique_ptr<std::remove_pointer_t<magic_t>, Closer>(opened);
  }();
  const char* type = cookie ? magic_buffer(cookie.get(), data.data(), data.size()) : nullptr;
  return type ? type : "application/octet-stream";
}

const char* ExtensionFor(const std::string& mime_type) {
  for (auto [type, extension] : kAllowedTypes) {
    if (mime_type == type) return extension;
  }
  return "bin";
}

// Python's lenient b64decode: characters outside the alphabet are skipped, padding must fit.
std::optional<std::string> DecodeLeniently(const std::string& text) {
  std::string kept;
  kept.reserve(text.size());
  for (char c : text) {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '/' || c == '=') {
      kept.push_back(c);
    }
  }
  if (kept.size() % 4 != 0) return std::nullopt;
  return Base64Decode(kept);
}

// The shape errors of one file object, worded as GC Notify's schema errors.
std::vector<std::string> ShapeErrors(const json& object) {
  std::vector<std::string> errors;
  auto method = object.find("sending_method");
  if (method != object.end() && *method != "attach" && *method != "link") {
    errors.push_back("personalisation " + method->dump() + " is not one of [attach, link]");
  }
  auto file = object.find("file");
  if (file == object.end()) errors.push_back("personalisation file is a required property");
  bool attach = method != object.end() && *method == "attach";
  auto filename = object.find("filename");
  if (attach && filename == object.end()) {
    errors.push_back("personalisation filename is a required property");
  }
  if (filename != object.end() && filename->is_string()) {
    size_t length = filename->get_ref<const std::string&>().size();
    std::string name = filename->get<std::string>();
    if (length < 3) errors.push_back("personalisation " + name + " is too short");
    if (length > 255) errors.push_back("personalisation " + name + " is too long");
  }
  for (auto& error : errors) std::erase(error, '"');
  return errors;
}

std::string DefaultFilename(const std::string& key, const std::string& mime_type) {
  return key + "." + ExtensionFor(mime_type);
}

}  // namespace

ApiResult<std::vector<FileUpload>> TakeFiles(json& values) {
  std::vector<std::string> errors;
  std::vector<FileUpload> files;
  std::vector<std::string> keys;
  for (auto it = values.begin(); it != values.end(); ++it) {
    if (!it->is_object()) continue;
    keys.push_back(it.key());
    auto shape = ShapeErrors(*it);
    errors.insert(errors.end(), shape.begin(), shape.end());
  }
  if (!errors.empty()) return ApiError::Validation(errors);
  if (keys.size() > kMaxFiles) {
    return ApiError::Validation({"File number exceed allowed limits of 10 with number of " +
                                 std::to_string(keys.size()) + "."});
  }
  for (const auto& key : keys) {
    const json& object = values[key];
    if (object.value("sending_method", "attach") == "link") {
      return ApiError::BadRequest(
          "Sending files by link is not available: use "
          "\"sending_method\": \"attach\"");
    }
    auto data = object["file"].is_string() ? DecodeLeniently(object["file"].get<std::string>())
                                           : std::nullopt;
    if (!data) {
      return ApiError::Validation({key + " : Incorrect padding : Error decoding base64 field"});
    }
    std::string filename =
        object.value("filename", json()).is_string() ? object["filename"].get<std::string>() : "";
    if (data->size() > kMaxFileBytes) {
      return ApiError::Validation({key + " : File size for " + filename + " is " +
                                   std::to_string(data->size()) +
                                   " and greater than allowed limit of 10485760."});
    }
    std::string type = DetectMimeType(*data);
    if (filename.empty()) filename = DefaultFilename(key, type);
    files.push_back({key, filename, type, std::move(data).value()});
  }
  for (const auto& key : keys) values.erase(key);
  return files;
}

std::optional<ApiError> CheckFilesAllowed(const Context& c, const std::vector<FileUpload>& files) {
  if (files.empty()) return std::nullopt;
  if (!c.caller.service.Can("upload_document")) {
    return ApiError::BadRequest("Service is not allowed to send documents");
  }
  for (const auto& file : files) {
    auto allowed = [&](auto entry) { return file.mime_type == entry.first; };
    if (std::any_of(std::begin(kAllowedTypes), std::end(kAllowedTypes), allowed)) continue;
    std::string list;
    for (auto [type, extension] : kAllowedTypes) {
      list += std::string(list.empty() ? "" : ", ") + "'" + type + "'";
    }
    return ApiError::BadRequest("Unsupported document type '" + file.mime_type +
                                "'. Supported types are: [" + list + "]");
  }
  return std::nullopt;
}

std::string FilesJson(const std::vector<FileUpload>& files) {
  json list = json::array();
  for (const auto& file : files) {
    list.push_back({{"filename", file.filename},
                    {"mime_type", file.mime_type},
                    {"data", Base64Encode(file.data)}});
  }
  return list.dump();
}

}  // namespace missive::handlers
