/** 电子社保卡: placeholder (not built yet). */
import { Text, View } from '@tarojs/components';
import { usePageStyle } from '../../../components/a11y';

export default function Card() {
  return (
    <View className='page' style={usePageStyle()}>
      <View className='card'>
        <Text className='h2'>电子社保卡</Text>
        <Text className='muted'>
          此功能尚未开放。社保卡事项办结后，可在国家社会保险公共服务平台或微信“电子社保卡”中领取；本小程序将提供跳转与制卡进度查询（后续版本）。
        </Text>
      </View>
    </View>
  );
}
