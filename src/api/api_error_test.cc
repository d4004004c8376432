#include "api/api_error.h"

#include <gtest/gtest.h>

namespace missive {
namespace {

TEST(ErrorResponse, V2DialectHasStatusCodeAndErrors) {
  HttpResponse r = ErrorResponse(ApiError::BadRequest("Template not found"));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.content_type, "application/json");
  EXPECT_EQ(r.body, R"({"status_code":400,"errors":[{"error":"BadRequestError",)"
                    R"("message":"Template not found"}]})");
}

TEST(ErrorResponse, LegacyDialectHasResultAndMessage) {
  HttpResponse r = ErrorResponse(ApiError::Legacy(404, "Notification not found in database"));
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.body, R"({"result":"error","message":"Notification not found in database"})");
}

TEST(ErrorResponse, RouteAndMethodErrorsUseGcNotifyText) {
  EXPECT_EQ(ErrorResponse(ApiError::RouteNotFound()).body,
            R"({"result":"error","message":"The requested URL was not found on the server. )"
            R"(If you entered the URL manually please check your spelling and try again."})");
  HttpResponse method = ErrorResponse(ApiError::MethodNotAllowed());
  EXPECT_EQ(method.status, 405);
  EXPECT_EQ(method.body,
            R"({"result":"error","message":"The method is not allowed for the requested URL."})");
}

TEST(ApiErrorValidation, DropsDuplicatesAndKeepsOrder) {
  ApiError e = ApiError::Validation(
      {"b is a required property", "a is a required property", "b is a required property"});
  ASSERT_EQ(e.errors.size(), 2u);
  EXPECT_EQ(e.errors[0].message, "b is a required property");
  EXPECT_EQ(e.errors[1].message, "a is a required property");
  EXPECT_EQ(e.errors[0].error, "ValidationError");
}

}  // namespace
}  // namespace missive
