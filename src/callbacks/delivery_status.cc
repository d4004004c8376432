#include "callbacks/delivery_status.h"

#include <nlohmann/json.hpp>

namespace missive {
namespace {

using nlohmann::ordered_json;

ordered_json TextOrNull(const std::optional<std::string>& text) {
  return text ? ordered_json(*text) : ordered_json(nullptr);
}

ordered_json TimeOrNull(const std::optional<Micros>& at) {
  return at ? ordered_json(FormatTimestamp(*at)) : ordered_json(nullptr);
}

}  // namespace

std::string DeliveryStatusPayload(const Notification& n, const DeliveryUpdate& update) {
  ordered_json body = {{"id", n.id},
                       {"reference", TextOrNull(n.reference)},
                       {"to", n.to},
                       {"status", StatusName(update.status)},
                       {"status_description", StatusDescription(update.status, n.type)},
                       {"provider_response", TextOrNull(update.provider_response)},
                       {"created_at", FormatTimestamp(n.created_at)},
                       {"completed_at", FormatTimestamp(update.updated_at)},
                       {"sent_at", TimeOrNull(update.sent_at ? update.sent_at : n.sent_at)},
                       {"notification_type", TemplateTypeName(n.type)}};
  // Provider replies are not guaranteed to be UTF-8: replace what is not rather than throw.
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace missive
