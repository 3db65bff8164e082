import { Text, View } from '@tarojs/components';
import { DEPARTMENT_NAMES, ITEM_CATALOG, describeTimeLimit } from '@/domain';
import './index.css';

export default function Index() {
  return (
    <View className='page'>
      <View className='header'>
        <Text className='title'>入职一件事</Text>
        <Text className='subtitle'>
          企业员工录用：一张表单、一套材料，{ITEM_CATALOG.length}个事项一次办结
        </Text>
      </View>

      {ITEM_CATALOG.map((item, index) => (
        <View className='item' key={item.code}>
          <View className='item-head'>
            <Text className='item-index'>{index + 1}</Text>
            <Text className='item-name'>{item.name}</Text>
          </View>
          <Text className='item-department'>{DEPARTMENT_NAMES[item.department]}</Text>
          {item.variants.map((variant) => (
            <View className='variant' key={variant.key}>
              <Text className='variant-label'>
                {variant.label ? `${variant.label} · 一件事时限` : '一件事时限'}
              </Text>
              <Text className='variant-limit'>{describeTimeLimit(variant.oneThing)}</Text>
            </View>
          ))}
        </View>
      ))}
    </View>
  );
}
