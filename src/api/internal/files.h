#pragma once
// File objects in personalisation, sent as email attachments. Both shapes are accepted: GC
// Notify's {"file", "filename", "sending_method": "attach"} and GOV.UK's {"file", "filename",
// "confirm_email_before_download", "retention_period"} (attached as well). Errors are GC Notify's.
// Private to the api module. Thread-safe.

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "api/internal/handlers.h"

namespace missive::handlers {

struct FileUpload {
  std::string key;  // the personalisation key it came in
  std::string filename;
  std::string mime_type;  // detected from the bytes (libmagic)
  std::string data;       // decoded bytes
};

// Checks the shape, count, encoding and size of every file object (GC Notify's ValidationErrors)
// and decodes them. Attached files are removed from `values`, as GC Notify does before it checks
// placeholders.
ApiResult<std::vector<FileUpload>> TakeFiles(nlohmann::json& values);

// The service permission and the allowed document types (BadRequestErrors).
std::optional<ApiError> CheckFilesAllowed(const Context& c, const std::vector<FileUpload>& files);

// The files as stored with the notification: [{"filename", "mime_type", "data" (base64)}].
std::string FilesJson(const std::vector<FileUpload>& files);

}  // namespace missive::handlers
