// The kiosk's on-screen keyboard: Qt Virtual Keyboard inside the kiosk window (not a window
// of its own), offering 中文 (Pinyin) and English only. kiosk/ui/common/widgets/touch_keyboard.py
// chooses the layout each field needs through useLocale().
import QtQuick
import QtQuick.VirtualKeyboard
import QtQuick.VirtualKeyboard.Settings

InputPanel {
    id: panel
    objectName: "touchKeyboard"

    function useLocale(name) {
        if (VirtualKeyboardSettings.locale !== name)
            VirtualKeyboardSettings.locale = name
    }

    Component.onCompleted: {
        VirtualKeyboardSettings.activeLocales = ["zh_CN", "en_US"]
        VirtualKeyboardSettings.locale = "zh_CN"
    }
}
