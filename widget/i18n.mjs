// The widget's own words in English and Persian, and numbers in the visitor's digits.
const strings = {
  en: { launcher: 'Feedback', close: 'Close', send: 'Send', skip: 'Skip', next: 'Next',
        thanks: 'Thank you! We received your answer.', counter: '{n} of {max} characters',
        offline: 'Saved. It will be sent when you are back online.',
        messageThanks: 'Thanks, we got your message.', messageFailed: 'Sorry, your message could not be saved. Please try again.' },
  fa: { launcher: 'بازخورد', close: 'بستن', send: 'ارسال', skip: 'رد شدن', next: 'بعدی',
        thanks: 'ممنون! پاسخ شما ثبت شد.', counter: '{n} از {max} نویسه',
        offline: 'ذخیره شد. وقتی دوباره آنلاین شوید فرستاده می‌شود.',
        messageThanks: 'ممنون، پیام شما به دست ما رسید.', messageFailed: 'متأسفیم، پیام شما ذخیره نشد. لطفاً دوباره تلاش کنید.' },
};

export function words(locale) {
  return strings[String(locale).split('-')[0]] ?? strings.en;
}

// 7 -> "7" in English, "۷" in Persian.
export function formatNumber(value, locale) {
  return new Intl.NumberFormat(locale).format(value);
}
