#include "callbacks/complaint.h"

#include <nlohmann/json.hpp>

namespace missive {

std::string ComplaintPayload(const Notification& n, const Complaint& complaint) {
  nlohmann::ordered_json body = {
      {"notification_id", n.id},
      {"complaint_id", complaint.id},
      {"reference", n.reference ? nlohmann::ordered_json(*n.reference) : nullptr},
      {"to", n.to},
      {"complaint_date", FormatTimestamp(complaint.complaint_date)}};
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace missive
