/**
 * Every sentence Loa says to a person, in Vietnamese first and English second.
 * The Vietnamese table is typed against the English one, so a missing translation
 * fails the type check instead of reaching a user as a key.
 */
const en = {
  // errors: HTTP and socket
  'error.bad_request': 'The request is not valid.',
  'error.validation': 'Some fields are not valid: {details}',
  'error.malformed_json': 'The request body is not valid JSON.',
  'error.unauthenticated': 'Please sign in: this needs a valid access token.',
  'error.token_expired': 'Your session has expired. Please sign in again.',
  'error.forbidden': 'Your role ({role}) may not do this.',
  'error.not_found': '{object} not found.',
  'error.route_not_found': 'There is no {method} {path} in the API.',
  'error.conflict': 'This conflicts with existing data.',
  'error.too_many_requests': 'Too many attempts. Please wait {seconds} seconds and try again.',
  'error.payload_too_large': 'The request is too large.',
  'error.internal': 'Something went wrong on the server. The error was logged with request id {requestId}.',
  'error.service_unavailable': 'The server is not ready.',
  // auth
  'auth.invalid_credentials': 'The email or password is wrong.',
  'auth.account_disabled': 'This account is disabled. Ask an administrator.',
  'auth.refresh_invalid': 'The session is no longer valid. Please sign in again.',
  'auth.wrong_current_password': 'The current password is wrong.',
  'auth.password_reused': 'The new password must differ from the current one.',
  // organisations
  'organisation.invalid_parent': 'A {kind} cannot be placed under {parent}.',
  'organisation.has_children': 'This organisation still has {count} child organisations. Move or delete them first.',
  'organisation.has_users': 'This organisation still has {count} users. Move or deactivate them first.',
  'organisation.outside_scope': 'That organisation is outside the part of the tree you manage.',
  'organisation.cannot_move_into_itself': 'An organisation cannot be moved under itself or one of its descendants.',
  'organisation.code_taken': 'Another organisation already has the code {code}.',
  // users
  'user.email_taken': 'A user with the email {email} already exists.',
  'user.global_needs_admin': 'Only an administrator can belong to no organisation.',
  'user.cannot_disable_self': 'You cannot deactivate your own account.',
  'user.cannot_demote_self': 'You cannot change your own role.',
  // objects, used in {object}
  'object.organisation': 'Organisation',
  'object.user': 'User',
  'object.audit_entry': 'Audit entry',
  // words
  'kind.province': 'province',
  'kind.district': 'district',
  'kind.ward': 'ward/commune',
  'kind.company': 'company',
  'kind.root': 'the top of the tree',
  // validation constraints, used in error.validation
  'validation.isDefined': 'is required',
  'validation.isNotEmpty': 'must not be empty',
  'validation.isString': 'must be text',
  'validation.isEmail': 'must be an email address',
  'validation.isIn': 'must be one of: {values}',
  'validation.isEnum': 'must be one of: {values}',
  'validation.isInt': 'must be a whole number',
  'validation.isNumber': 'must be a number',
  'validation.isBoolean': 'must be true or false',
  'validation.isUuid': 'must be an identifier (UUID)',
  'validation.isDateString': 'must be a date and time (ISO 8601)',
  'validation.isIso8601': 'must be a date and time (ISO 8601)',
  'validation.min': 'must be at least {constraint1}',
  'validation.max': 'must be at most {constraint1}',
  'validation.minLength': 'must be at least {constraint1} characters long',
  'validation.maxLength': 'must be at most {constraint1} characters long',
  'validation.matches': 'has the wrong format',
  'validation.whitelistValidation': 'is not an accepted field',
  'validation.isObject': 'must be an object',
  'validation.isArray': 'must be a list',
  'validation.nestedValidation': 'is not valid',
  'validation.other': 'is not valid',
} as const;

export type MessageKey = keyof typeof en;

const vi: Record<MessageKey, string> = {
  'error.bad_request': 'Yêu cầu không hợp lệ.',
  'error.validation': 'Một số trường không hợp lệ: {details}',
  'error.malformed_json': 'Nội dung yêu cầu không phải JSON hợp lệ.',
  'error.unauthenticated': 'Vui lòng đăng nhập: thao tác này cần mã truy cập hợp lệ.',
  'error.token_expired': 'Phiên làm việc đã hết hạn. Vui lòng đăng nhập lại.',
  'error.forbidden': 'Vai trò của bạn ({role}) không được phép làm việc này.',
  'error.not_found': 'Không tìm thấy {object}.',
  'error.route_not_found': 'API không có {method} {path}.',
  'error.conflict': 'Dữ liệu bị trùng hoặc mâu thuẫn với dữ liệu đã có.',
  'error.too_many_requests': 'Bạn đã thử quá nhiều lần. Vui lòng đợi {seconds} giây rồi thử lại.',
  'error.payload_too_large': 'Yêu cầu quá lớn.',
  'error.internal': 'Máy chủ gặp lỗi. Lỗi đã được ghi lại với mã yêu cầu {requestId}.',
  'error.service_unavailable': 'Máy chủ chưa sẵn sàng.',
  'auth.invalid_credentials': 'Email hoặc mật khẩu không đúng.',
  'auth.account_disabled': 'Tài khoản này đã bị khoá. Vui lòng liên hệ quản trị viên.',
  'auth.refresh_invalid': 'Phiên làm việc không còn hiệu lực. Vui lòng đăng nhập lại.',
  'auth.wrong_current_password': 'Mật khẩu hiện tại không đúng.',
  'auth.password_reused': 'Mật khẩu mới phải khác mật khẩu hiện tại.',
  'organisation.invalid_parent': 'Không thể đặt {kind} trực thuộc {parent}.',
  'organisation.has_children': 'Đơn vị này còn {count} đơn vị trực thuộc. Hãy chuyển hoặc xoá chúng trước.',
  'organisation.has_users': 'Đơn vị này còn {count} người dùng. Hãy chuyển hoặc khoá tài khoản của họ trước.',
  'organisation.outside_scope': 'Đơn vị đó nằm ngoài phạm vi bạn quản lý.',
  'organisation.cannot_move_into_itself': 'Không thể chuyển một đơn vị vào chính nó hoặc đơn vị cấp dưới của nó.',
  'organisation.code_taken': 'Đã có đơn vị khác dùng mã {code}.',
  'user.email_taken': 'Đã có người dùng với email {email}.',
  'user.global_needs_admin': 'Chỉ quản trị viên mới có thể không thuộc đơn vị nào.',
  'user.cannot_disable_self': 'Bạn không thể tự khoá tài khoản của mình.',
  'user.cannot_demote_self': 'Bạn không thể tự đổi vai trò của mình.',
  'object.organisation': 'đơn vị',
  'object.user': 'người dùng',
  'object.audit_entry': 'mục nhật ký',
  'kind.province': 'tỉnh/thành phố',
  'kind.district': 'quận/huyện',
  'kind.ward': 'phường/xã',
  'kind.company': 'doanh nghiệp',
  'kind.root': 'cấp cao nhất',
  'validation.isDefined': 'là bắt buộc',
  'validation.isNotEmpty': 'không được để trống',
  'validation.isString': 'phải là văn bản',
  'validation.isEmail': 'phải là địa chỉ email',
  'validation.isIn': 'phải là một trong: {values}',
  'validation.isEnum': 'phải là một trong: {values}',
  'validation.isInt': 'phải là số nguyên',
  'validation.isNumber': 'phải là số',
  'validation.isBoolean': 'phải là true hoặc false',
  'validation.isUuid': 'phải là mã định danh (UUID)',
  'validation.isDateString': 'phải là ngày giờ (ISO 8601)',
  'validation.isIso8601': 'phải là ngày giờ (ISO 8601)',
  'validation.min': 'phải lớn hơn hoặc bằng {constraint1}',
  'validation.max': 'phải nhỏ hơn hoặc bằng {constraint1}',
  'validation.minLength': 'phải dài ít nhất {constraint1} ký tự',
  'validation.maxLength': 'dài tối đa {constraint1} ký tự',
  'validation.matches': 'sai định dạng',
  'validation.whitelistValidation': 'không phải là trường được chấp nhận',
  'validation.isObject': 'phải là một đối tượng',
  'validation.isArray': 'phải là một danh sách',
  'validation.nestedValidation': 'không hợp lệ',
  'validation.other': 'không hợp lệ',
};

export const LANGUAGES = ['vi', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export const CATALOGUE: Readonly<Record<Language, Record<MessageKey, string>>> = { en, vi };

export function isMessageKey(value: string): value is MessageKey {
  return Object.hasOwn(en, value);
}
