#pragma once
// What Kannel reports back to Missive, read into Missive's terms: delivery report types into
// notification statuses, and the text of a message from a phone into UTF-8. Pure functions,
// thread-safe.
//
//   std::optional<NotificationStatus> status = KannelReportStatus(1);  // kDelivered
//   std::string text = KannelInboundText(raw, "2", "UTF-16BE");        // UCS-2 read as UTF-8

#include <optional>
#include <string>
#include <string_view>

#include "model/notification.h"

namespace missive {

// The status a Kannel delivery report (%d in the dlr-url, one bit of dlr-mask) gives an SMS, or
// nullopt when it is not final and the notification stays `sent`. `answer` is the SMSC's text
// (%A), for SMPP an "id:... stat:... err:..." receipt or a "NACK/<code>/<text>" refusal:
//   1  delivered to the phone          -> delivered
//   2  not delivered to the phone      -> temporary-failure when the receipt says stat:EXPIRED
//                                         (the phone stayed off or out of reach), otherwise
//                                         permanent-failure
//   4  buffered by the SMSC            -> nullopt (still on its way)
//   8  accepted by the SMSC            -> nullopt (still on its way)
//   16 refused by the SMSC             -> temporary-failure when the SMSC was throttling or
//                                         busy (SMPP 0x58 or 0x14), otherwise permanent-failure
// Any other value: nullopt. This follows GC Notify, which reads carrier outages as
// temporary-failure and any failure it cannot read more precisely as permanent-failure.
std::optional<NotificationStatus> KannelReportStatus(int report_type, std::string_view answer = {});

// The text of an incoming message as UTF-8, given Kannel's %a (the text, already percent-decoded),
// %c (coding: 0 GSM, 1 8-bit, 2 UCS-2) and %C (charset) values. UCS-2 / UTF-16BE text is
// converted; other text is taken as UTF-8 when it is valid UTF-8 and as ISO-8859-1 otherwise, so
// the result is always valid UTF-8.
std::string KannelInboundText(std::string_view text, std::string_view coding,
                              std::string_view charset);

}  // namespace missive
